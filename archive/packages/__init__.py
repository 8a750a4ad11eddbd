"""Information packages (E-ARK CSIP/SIP/AIP under TT 05/2025): safe unpacking, SIP reading and
validation, METS, PREMIS and EAD, the AIP builder and reader, and the catalog rows of one AIP."""
