{
  "format" : "edgeobs.manifest-signature/v1",
  "algorithm" : "Ed25519",
  "keyId" : "aa97b2ac3cd9ac43",
  "manifestSha256" : "b579ba727c29dfd775299bbf89523acca978f3d87ab44b24881d66d2df0b8550",
  "signature" : "/CGed33fCpoMTyF3j2Oh7KnJCRqtIPwtPUNKAdicGPGN//Y1z1FsDPK6u4ENf+cfUz+VhMiWVFHhFPEC4w6VCg=="
}
