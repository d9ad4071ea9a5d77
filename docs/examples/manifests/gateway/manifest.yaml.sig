{
  "format" : "edgeobs.manifest-signature/v1",
  "algorithm" : "Ed25519",
  "keyId" : "aa97b2ac3cd9ac43",
  "manifestSha256" : "77992168db825b444674445b07f2cfe9d84a7a478fb103e0fcacf328f09c633e",
  "signature" : "JNHaH9RCmDVe7pLdV+wwNrZ19oRdLF7H9cFr3LUhGfBRIFMcAfttBWsUIJvLkU2dD/W4Woy9Elcd2Gq9FyUnDA=="
}
