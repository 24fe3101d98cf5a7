"""What makes an assembled file a PDF/X file: one output intent, X metadata in XMP and the info
dictionary, Trapped, fixed dates and identifiers.

WeasyPrint makes each part a PDF/X file, but pypdf takes only their pages; the catalogue-level parts of
the standard are written here, for the whole issue and for every single page delivered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from .. import __version__

#: PDF/X variant -> (conformance label, PDF version)
VERSIONS = {"pdf/x-4": ("PDF/X-4", "1.6"), "pdf/x-1a": ("PDF/X-1a:2003", "1.4")}


@dataclass(frozen=True)
class OutputIntent:
    profile: Path
    condition: str  # e.g. FOGRA39
    description: str  # the profile's own name


@dataclass(frozen=True)
class Standard:
    variant: str  # "pdf/x-4" | "pdf/x-1a"
    intent: OutputIntent


def apply(writer: PdfWriter, standard: Standard, title: str, date: dt.date, identity: str) -> None:
    """Make `writer` a PDF/X file. `identity` names the document; equal identities give equal IDs."""
    label, version = VERSIONS[standard.variant]
    writer.pdf_header = f"%PDF-{version}"
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([_output_intent(writer, standard.intent)])
    stamp = date.strftime("%Y-%m-%dT00:00:00Z")
    doc_id = uuid.uuid5(uuid.NAMESPACE_URL, f"vividprint:{identity}")
    writer.root_object[NameObject("/Metadata")] = writer._add_object(_xmp(label, title, stamp, doc_id))
    info = writer._info.get_object() if writer._info is not None else None
    if info is not None:
        info[NameObject("/Trapped")] = NameObject("/False")
        info[NameObject("/GTS_PDFXVersion")] = TextStringObject(label)
        if standard.variant == "pdf/x-1a":
            info[NameObject("/GTS_PDFXConformance")] = TextStringObject(label)
    digest = hashlib.md5(doc_id.bytes).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])


def _output_intent(writer: PdfWriter, intent: OutputIntent) -> DictionaryObject:
    profile = StreamObject()
    profile[NameObject("/N")] = NumberObject(4)
    profile.set_data(intent.profile.read_bytes())
    profile = profile.flate_encode()
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFX"),
            NameObject("/OutputConditionIdentifier"): TextStringObject(intent.condition),
            NameObject("/OutputCondition"): TextStringObject(intent.description),
            NameObject("/RegistryName"): TextStringObject("http://www.color.org"),
            NameObject("/Info"): TextStringObject(intent.description),
            NameObject("/DestOutputProfile"): writer._add_object(profile),
        }
    )


def _xmp(label: str, title: str, stamp: str, doc_id: uuid.UUID) -> StreamObject:
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"
    xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/">
   <pdfxid:GTS_PDFXVersion>{label}</pdfxid:GTS_PDFXVersion>
   <pdfx:GTS_PDFXVersion>{label}</pdfx:GTS_PDFXVersion>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreateDate>{stamp}</xmp:CreateDate>
   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
   <xmp:MetadataDate>{stamp}</xmp:MetadataDate>
   <xmp:CreatorTool>vividprint {__version__}</xmp:CreatorTool>
   <pdf:Producer>vividprint {__version__}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{doc_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{doc_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    stream = StreamObject()
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    stream.set_data(packet.encode("utf-8"))
    return stream
