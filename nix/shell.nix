# A shell with what building and testing edgeobs needs: JDK 17 and Maven, plus the Debian-packaged peers the tests
# use elsewhere (node_exporter, Prometheus, kubectl). `nix-shell nix/shell.nix` or `nix develop ./nix`.
{ pkgs ? import <nixpkgs> { } }:

pkgs.mkShell {
  packages = [
    pkgs.jdk17_headless
    pkgs.maven
    pkgs.prometheus-node-exporter
    pkgs.prometheus
    pkgs.kubectl
    pkgs.git
  ];
  JAVA_HOME = pkgs.jdk17_headless.home;
  shellHook = ''
    echo "edgeobs: $(java -version 2>&1 | head -1), $(mvn -v 2>/dev/null | head -1)"
  '';
}
