{
  "format" : "edgeobs.manifest-signature/v1",
  "algorithm" : "Ed25519",
  "keyId" : "aa97b2ac3cd9ac43",
  "manifestSha256" : "3dcead40324f619fb6206d2e8b0358521aec6507c030ae7cc27152ad45b86dbf",
  "signature" : "iWtuvXSjkKNPw7R2I+XGLg4wpOLVG9io993ZLXR5sGqGWudUdIGSxI82rZHD1+NUWgY7LTY5hgChNrqe54d8AA=="
}
