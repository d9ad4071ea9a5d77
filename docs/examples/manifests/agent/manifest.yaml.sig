{
  "format" : "edgeobs.manifest-signature/v1",
  "algorithm" : "Ed25519",
  "keyId" : "6d54bedebfeb8f62",
  "manifestSha256" : "7fda488d5168ac3530500391d72142e020d5e372234a26c24feccca55d09c2ee",
  "signature" : "l8BklwqkBtouiZkh/mL6okLHMyaf+xQNWf+zMZxB3RPQtP5OmLCznBkUB0jmL1eK8t0TLW1bi3hKodEtkjUeAQ=="
}
