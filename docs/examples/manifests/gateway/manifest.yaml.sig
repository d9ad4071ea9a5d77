{
  "format" : "edgeobs.manifest-signature/v1",
  "algorithm" : "Ed25519",
  "keyId" : "6d54bedebfeb8f62",
  "manifestSha256" : "b579ba727c29dfd775299bbf89523acca978f3d87ab44b24881d66d2df0b8550",
  "signature" : "cOqVSXX7bEEtO83q1UTtSWD0x/rpjpt0gmujZni6fn4U1K4UE7rEPnIWJE6QCYX5C7HdigLi4gx47UJhPUo5DQ=="
}
