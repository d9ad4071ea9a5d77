# The edgeobs services built from source with fixed-output dependencies: Maven runs twice, once with network in a
# fixed-output derivation that only downloads (its content is pinned by outputHash), once offline against that
# repository for the build itself. The jars are reproducible (project.build.outputTimestamp; .ci/reproducible-check).
{ lib, stdenv, maven, jdk17_headless, makeWrapper }:

let
  version = "0.1.0-SNAPSHOT";
  src = lib.cleanSourceWith {
    src = ../.;
    filter = path: type:
      let base = baseNameOf path; in
      !(type == "directory" && (base == "target" || base == ".edgeobs" || base == ".git"));
  };
  modules = [ "edge-agent" "edge-gateway" "ingest-service" "query-service" "schema-registry" ];
  mvnFlags = "-B -ntp -DskipTests -Dcyclonedx.skip=true";

  # Every dependency and plugin the package build needs, as a Maven repository.
  mavenRepository = stdenv.mkDerivation {
    name = "edgeobs-${version}-maven-repository";
    inherit src;
    nativeBuildInputs = [ maven jdk17_headless ];
    buildPhase = ''
      runHook preBuild
      mvn ${mvnFlags} -Dmaven.repo.local=$out package
      runHook postBuild
    '';
    # Keep what is the same on every download: not Maven's bookkeeping, not our own modules.
    installPhase = ''
      find $out -type f \( -name '*.lastUpdated' -o -name 'resolver-status.properties' \
        -o -name '_remote.repositories' -o -name '*.part' \) -delete
      rm -rf $out/io/edgeobs
    '';
    dontFixup = true;
    outputHashAlgo = "sha256";
    outputHashMode = "recursive";
    # Replace with the hash Nix prints on the first build ("got: sha256-..."); see nix/README.md.
    outputHash = lib.fakeHash;
  };
in
stdenv.mkDerivation {
  pname = "edgeobs";
  inherit version src;
  nativeBuildInputs = [ maven jdk17_headless makeWrapper ];

  buildPhase = ''
    runHook preBuild
    cp -r ${mavenRepository} ./m2 && chmod -R u+w ./m2
    mvn ${mvnFlags} -o -Dmaven.repo.local=$PWD/m2 package
    runHook postBuild
  '';

  installPhase = ''
    runHook preInstall
    for m in ${lib.concatStringsSep " " modules}; do
      mkdir -p $out/share/edgeobs/$m
      cp -r $m/target/quarkus-app/. $out/share/edgeobs/$m/
      makeWrapper ${jdk17_headless}/bin/java $out/bin/edgeobs-$m \
        --add-flags "-Djava.util.logging.manager=org.jboss.logmanager.LogManager -jar $out/share/edgeobs/$m/quarkus-run.jar"
    done
    runHook postInstall
  '';

  meta = {
    description = "edgeobs services and agent (Quarkus fast-jars) with launchers";
    license = lib.licenses.asl20;
    platforms = [ "x86_64-linux" "aarch64-linux" ];
  };
}
