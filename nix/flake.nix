# edgeobs as a Nix flake: `nix build ./nix` (the services' fast-jars) and `nix develop ./nix` (JDK 17 + Maven).
# It could not be evaluated where it was written (no Nix there): nix/README.md says what was and was not checked.
{
  description = "edgeobs: observability for fleets of edge devices (JDK 17, Maven, Quarkus)";

  # Pinned by flake.lock (nix flake lock ./nix writes it on first use; commit it): the JDK and Maven come from this
  # exact nixpkgs revision.
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";

  outputs = { self, nixpkgs }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forAll = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      packages = forAll (pkgs: rec {
        edgeobs = pkgs.callPackage ./package.nix { };
        default = edgeobs;
      });
      devShells = forAll (pkgs: {
        default = import ./shell.nix { inherit pkgs; };
      });
    };
}
