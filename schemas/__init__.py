"""Data package: the MM7 release schemas, the SOAP 1.1 envelope schema and the catalogue."""
