{
  "format" : "edgeobs.manifest-signature/v1",
  "algorithm" : "Ed25519",
  "keyId" : "aa97b2ac3cd9ac43",
  "manifestSha256" : "8793801b2f20be3dfdcbb3ab2384e71860f8ae35a481918505bd2fb3d2a5a2bd",
  "signature" : "kVWtgvIh69r+W+hkkjJEN27eAMEaqiy7sZcV2p5U0uW8ZpHXD5as+LrbeO9ZdAToi7ClOwXrj3tpkDAjsctpCw=="
}
