"""Loading the shipped XSDs offline: METS (with its remote XLink import) and PREMIS."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from archive.catalog.xsd import (
    LocalSchemaResolver,
    SchemaLoadError,
    build_schema,
    load_schema,
    local_schema_index,
    schema_parser,
)
from archive.resources import schema_path, schemas_dir

XLINK_URL = "http://www.loc.gov/standards/xlink/xlink.xsd"

PREMIS = b"""<?xml version="1.0" encoding="UTF-8"?>
<premis:premis xmlns:premis="http://www.loc.gov/premis/v3"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="3.0">
  <premis:object xsi:type="premis:file">
    <premis:objectIdentifier>
      <premis:objectIdentifierType>UUID</premis:objectIdentifierType>
      <premis:objectIdentifierValue>8d2a6f0e-4c2b-4c61-9a55-2f3b1f0c9a11</premis:objectIdentifierValue>
    </premis:objectIdentifier>
    <premis:objectCharacteristics>
      <premis:fixity>
        <premis:messageDigestAlgorithm>SHA-256</premis:messageDigestAlgorithm>
        <premis:messageDigest>e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855</premis:messageDigest>
      </premis:fixity>
      <premis:size>0</premis:size>
      <premis:format>
        <premis:formatDesignation>
          <premis:formatName>PDF/A-2b</premis:formatName>
        </premis:formatDesignation>
      </premis:format>
    </premis:objectCharacteristics>
  </premis:object>
  <premis:event>
    <premis:eventIdentifier>
      <premis:eventIdentifierType>UUID</premis:eventIdentifierType>
      <premis:eventIdentifierValue>0b7c3f4e-1111-4a2b-8c3d-222233334444</premis:eventIdentifierValue>
    </premis:eventIdentifier>
    <premis:eventType>ingestion</premis:eventType>
    <premis:eventDateTime>2025-07-01T10:00:00+07:00</premis:eventDateTime>
    <premis:eventOutcomeInformation>
      <premis:eventOutcome>success</premis:eventOutcome>
    </premis:eventOutcomeInformation>
  </premis:event>
</premis:premis>
"""

METS = """<?xml version="1.0" encoding="UTF-8"?>
<mets:mets xmlns:mets="http://www.loc.gov/METS/" xmlns:xlink="http://www.w3.org/1999/xlink"
    OBJID="uuid-8d2a6f0e-4c2b-4c61-9a55-2f3b1f0c9a11" TYPE="Mixed">
  <mets:metsHdr CREATEDATE="2025-07-01T10:00:00+07:00">
    <mets:agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE">
      <mets:name>archive</mets:name>
    </mets:agent>
  </mets:metsHdr>
  <mets:fileSec>
    <mets:fileGrp USE="Representations">
      <mets:file ID="f1" MIMETYPE="application/pdf" SIZE="0" CHECKSUMTYPE="SHA-256"
          CHECKSUM="e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855">
        <mets:FLocat LOCTYPE="URL" xlink:type="{xlink_type}"
            xlink:href="representations/rep1/data/a.pdf"/>
      </mets:file>
    </mets:fileGrp>
  </mets:fileSec>
  <mets:structMap LABEL="CSIP">
    <mets:div LABEL="Representations"><mets:fptr FILEID="f1"/></mets:div>
  </mets:structMap>
</mets:mets>
"""


def test_schemas_dir_is_the_repository_folder() -> None:
    assert schemas_dir().is_dir()
    assert schema_path("mets", "mets.xsd") == schemas_dir() / "mets" / "mets.xsd"
    assert schema_path("mets", "mets.xsd").is_file()


def test_mets_xlink_import_is_answered_locally() -> None:
    resolver = LocalSchemaResolver(local_schema_index(schemas_dir()))
    build_schema(schema_path("mets", "mets.xsd"), resolver)
    assert resolver.redirected == {XLINK_URL: schema_path("mets", "xlink.xsd")}
    assert resolver.refused == []


def test_mets_schema_loads_and_checks_xlink() -> None:
    schema = load_schema("mets", "mets.xsd")
    assert schema.validate(etree.fromstring(METS.format(xlink_type="simple").encode())), (
        schema.error_log
    )
    # xlink:type is typed by the local xlink.xsd, so a wrong value proves it was loaded.
    assert not schema.validate(etree.fromstring(METS.format(xlink_type="bogus").encode()))


def test_load_schema_is_cached() -> None:
    assert load_schema("mets", "mets.xsd") is load_schema("mets", "mets.xsd")


@pytest.mark.parametrize("name", ["DILCISExtensionMETS.xsd", "DILCISExtensionSIPMETS.xsd"])
def test_eark_extension_schemas_load(name: str) -> None:
    load_schema("mets", name)


def test_premis_schema_validates_a_tiny_document() -> None:
    schema = load_schema("premis", "premis-v3-0.xsd")
    assert schema.validate(etree.fromstring(PREMIS)), schema.error_log
    broken = PREMIS.replace(b"<premis:size>0</premis:size>", b"<premis:size>zero</premis:size>")
    assert not schema.validate(etree.fromstring(broken))


def test_remote_import_without_local_copy_is_refused(tmp_path: Path) -> None:
    xsd = tmp_path / "a.xsd"
    xsd.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xs:import namespace="urn:x" schemaLocation="https://example.invalid/missing.xsd"/>'
        "</xs:schema>",
        encoding="utf-8",
    )
    resolver = LocalSchemaResolver(local_schema_index(schemas_dir()))
    with pytest.raises(SchemaLoadError, match="no local copy"):
        build_schema(xsd, resolver)
    assert resolver.refused == ["https://example.invalid/missing.xsd"]


def test_missing_schema_file() -> None:
    with pytest.raises(SchemaLoadError):
        load_schema("no", "such.xsd")


def test_parser_does_not_expand_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    xsd = tmp_path / "e.xsd"
    xsd.write_text(
        f'<!DOCTYPE xs:schema [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        "<xs:annotation><xs:documentation>&s;</xs:documentation></xs:annotation>"
        "</xs:schema>",
        encoding="utf-8",
    )
    document = etree.parse(str(xsd), schema_parser())
    assert b"TOP-SECRET" not in etree.tostring(document)
