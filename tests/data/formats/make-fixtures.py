#!/usr/bin/env python3
"""Make the docx and ofd fixtures of tests/unit/test_docx.c and test_ofd.c.

Run from anywhere: python3 tests/data/formats/make-fixtures.py [--real]

Hand-built fixtures (python zipfile, fixed timestamps, so the output is
the same on every run):

  docx-table.docx    paragraphs, a table with a two-paragraph cell and a
                     nested table
  docx-layout.docx   w:tab, w:br, w:cr, tab stops in w:pPr (no text),
                     w:delText and w:instrText (skipped), a text box in
                     mc:AlternateContent (the Fallback copy is skipped),
                     w:noBreakHyphen, a line end inside w:t
  docx-ns.docx       WordprocessingML under the prefix ns0 and as the
                     default namespace, prefixes redeclared inside, a
                     paragraph in the Strict OOXML namespace, the
                     main part at word/main.xml named by an absolute
                     target in _rels/.rels
  docx-ctypes.docx   no _rels/.rels; the main part (doc/body.xml) found
                     through [Content_Types].xml
  ofd-layout.ofd     OFD.xml under the prefix "o", Document.xml in the
                     default namespace, two pages (one BaseLoc relative,
                     one absolute), two template pages (one used by page
                     1 only, one by both), nested PageBlocks, a CDATA
                     TextCode, pieces in scrambled order, one line split
                     across text objects with different boundaries,
                     baseline jitter, one glyph per object, a doubled
                     (fake bold) piece, Latin words with a gap
  gongwen.ofd        a realistic two-page official document, one text
                     object per line as OFD writers make them

Realistic docx (need pandoc and LibreOffice; only with --real, because
their output carries timestamps and tool versions):

  gongwen-pandoc.docx   pandoc -o gongwen-pandoc.docx gongwen.md
  gongwen-lo.docx       soffice --headless --convert-to docx gongwen-lo.html
                        (the imprint block, 版记, is a table)

Office and scan fixtures of tests/integration/formats_office.sh and ocr.sh,
made once by hand with LibreOffice 7.4, poppler and img2pdf (not by this
script; their bytes carry tool versions):

  gongwen-lo.doc, gongwen-lo.rtf
                        soffice --headless --convert-to doc|rtf gongwen-lo.docx
  budget-wps.wps        tests/data/corpus/02-finance-budget-public.txt
                        converted to .doc by soffice (a WPS default file is
                        such a compound document), named .wps
  regulation-rtf-as.doc 06-regulation-validity-repeal.txt as RTF, named .doc
  budget-scan-200dpi.pdf
                        02-finance-budget-public.txt printed to PDF by
                        soffice, pdftoppm -r 200 -gray -png, img2pdf
  withheld-scan-100dpi.png
                        page 1 of tests/data/samples/03-internal-withheld.txt
                        printed to PDF, pdftoppm -r 100 -gray -png
  blank-scan.pdf        a white 400x560 PNG through img2pdf

The document text is invented (南湖市 is not a real city); nothing is
copied from the shared corpus.  Hostile inputs (zip bombs, overlapping
entries, 100k entries, XXE, billion laughs) are not here: the C tests
build them in memory at run time.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = (2024, 5, 20, 9, 0, 0)

GONGWEN = [
    "南湖市生态环境局",
    "南环发〔2024〕27号",
    "南湖市生态环境局",
    "关于开展2024年度重点排污单位自行监测质量检查的通知",
    "各县（市、区）生态环境分局，各有关单位：",
    "为进一步规范重点排污单位自行监测行为，提高监测数据质量，"
    "市局决定开展2024年度自行监测质量检查。现将有关事项通知如下：",
    "一、检查范围为列入2024年度重点排污单位名录的企业。",
    "二、各分局应于2024年6月30日前完成现场检查，并报送检查结果。",
    "附件：2024年度自行监测质量检查表",
    "南湖市生态环境局",
    "2024年5月20日",
    "（此件公开发布）",
]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFDOC = ("http://schemas.openxmlformats.org/officeDocument/2006/"
          "relationships/officeDocument")
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
MAIN = ("application/vnd.openxmlformats-officedocument."
        "wordprocessingml.document.main+xml")
OFDNS = "http://www.ofdspec.org/2016"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def write_zip(name, parts):
    path = os.path.join(HERE, name)
    with zipfile.ZipFile(path, "w") as z:
        for pname, data in parts:
            info = zipfile.ZipInfo(pname, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode("utf-8"))
    print("wrote", path)


def content_types(main="/word/document.xml"):
    return (XML + f'<Types xmlns="{CT}">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="{main}" ContentType="{MAIN}"/></Types>')


def rels(target="word/document.xml"):
    return (XML + f'<Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{OFFDOC}" Target="{target}"/>'
            '</Relationships>')


def wdoc(body, extra_ns=""):
    return (XML + f'<w:document xmlns:w="{W}"{extra_ns}><w:body>{body}'
            '<w:sectPr/></w:body></w:document>')


def p(text):
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def docx(name, body, extra_ns=""):
    write_zip(name, [("[Content_Types].xml", content_types()),
                     ("_rels/.rels", rels()),
                     ("word/document.xml", wdoc(body, extra_ns))])


def make_docx_table():
    cell = lambda *ps: "<w:tc><w:tcPr/>" + "".join(p(x) for x in ps) + \
        "</w:tc>"
    nested = ("<w:tbl><w:tr>" + cell("内表甲") + cell("内表乙") +
              "</w:tr></w:tbl>")
    body = (p("南湖市生态环境局") + p("南环函〔2024〕3号") +
            "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid>"
            "<w:tr>" + cell("抄送：市委办公室。") + "</w:tr>"
            "<w:tr>" + cell("南湖市生态环境局办公室") +
            cell("2024年5月20日印发") + "</w:tr>"
            "<w:tr>" + cell("第一段", "第二段") +
            "<w:tc>" + nested + p("") + "</w:tc></w:tr></w:tbl>" +
            p("（此件公开发布）"))
    docx("docx-table.docx", body)


def make_docx_layout():
    body = (
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="4200"/></w:tabs>'
        '</w:pPr><w:r><w:t>姓名</w:t></w:r><w:r><w:tab/><w:t>张三</w:t>'
        '</w:r></w:p>'
        '<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:cr/>'
        '<w:t>第三行</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>保留</w:t></w:r><w:del w:id="1"><w:r>'
        '<w:delText>删除的字</w:delText></w:r></w:del><w:r>'
        '<w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>'
        ' PAGE </w:instrText></w:r><w:r><w:t>文字</w:t></w:r></w:p>'
        f'<w:p><w:r><w:t>框前</w:t></w:r><w:r><mc:AlternateContent>'
        '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
        '<w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent>'
        '</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>'
        '<w:txbxContent><w:p><w:r><w:t>文本框副本</w:t></w:r></w:p>'
        '</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent>'
        '</w:r><w:r><w:t>框后</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>A</w:t><w:noBreakHyphen/><w:t>1</w:t></w:r></w:p>'
        '<w:p><w:r><w:t xml:space="preserve">  行内\n换行 </w:t></w:r></w:p>'
        '<w:p/>'
        '<w:p><w:r><w:t>&lt;转义&amp;&gt;</w:t></w:r></w:p>')
    docx("docx-layout.docx", body,
         f' xmlns:mc="{MC}" xmlns:wps="{WPS}"')


def make_docx_ns():
    doc = (XML + f'<ns0:document xmlns:ns0="{W}"><ns0:body>'
           '<ns0:p><ns0:r><ns0:t>前缀ns0</ns0:t></ns0:r></ns0:p>'
           f'<p xmlns="{W}"><r><t>默认命名空间</t></r></p>'
           f'<ns0:p><q:r xmlns:q="{W}"><q:t>重新声明</q:t>'
           '<q:tab/><q:t>后</q:t></q:r></ns0:p>'
           '<p xmlns="http://purl.oclc.org/ooxml/wordprocessingml/main">'
           '<r><t>严格模式</t></r></p>'
           '</ns0:body></ns0:document>')
    write_zip("docx-ns.docx", [
        ("[Content_Types].xml", content_types("/word/main.xml")),
        ("_rels/.rels", rels("/word/main.xml")),
        ("word/main.xml", doc),
        ("word/document.xml", wdoc(p("不该读到这里")))])


def make_docx_ctypes():
    write_zip("docx-ctypes.docx", [
        ("[Content_Types].xml", content_types("/doc/body.xml")),
        ("doc/body.xml", wdoc(p("由内容类型找到的正文")))])


# --- OFD ---------------------------------------------------------------

def tobj(oid, x, y, w, h, text, size=5.6, codex=0, codey=None, pre="",
         cdata=False):
    if codey is None:
        codey = size
    body = f"<![CDATA[{text}]]>" if cdata else text
    return (f'<{pre}TextObject ID="{oid}" Boundary="{x} {y} {w} {h}" '
            f'Font="2" Size="{size}"><{pre}TextCode X="{codex}" '
            f'Y="{codey}">{body}</{pre}TextCode></{pre}TextObject>')


def page(pre, ns, inner, templates=()):
    tpl = "".join(f'<{pre}Template TemplateID="{t}" ZOrder="Background"/>'
                  for t in templates)
    decl = f'xmlns:{pre[:-1]}="{ns}"' if pre else f'xmlns="{ns}"'
    return (XML + f'<{pre}Page {decl}>{tpl}<{pre}Content>'
            f'<{pre}Layer ID="9">{inner}</{pre}Layer></{pre}Content>'
            f'</{pre}Page>')


def ofd_main(pre="ofd:", root="Doc_0/Document.xml"):
    return (XML + f'<{pre}OFD xmlns:{pre[:-1]}="{OFDNS}" Version="1.1" '
            f'DocType="OFD"><{pre}DocBody><{pre}DocInfo><{pre}DocID>'
            f'00112233445566778899aabbccddeeff</{pre}DocID></{pre}DocInfo>'
            f'<{pre}DocRoot>{root}</{pre}DocRoot></{pre}DocBody>'
            f'</{pre}OFD>')


PUBRES = (XML + f'<ofd:Res xmlns:ofd="{OFDNS}" BaseLoc="Res"><ofd:Fonts>'
          '<ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts>'
          '</ofd:Res>')


def make_ofd_layout():
    doc = (XML + f'<Document xmlns="{OFDNS}"><CommonData>'
           '<MaxUnitID>999</MaxUnitID><PageArea><PhysicalBox>0 0 210 297'
           '</PhysicalBox></PageArea><PublicRes>PublicRes.xml</PublicRes>'
           '<TemplatePage ID="50" BaseLoc="Tpls/Tpl_0/Content.xml"/>'
           '<TemplatePage ID="51" BaseLoc="Tpls/Tpl_1/Content.xml"/>'
           '</CommonData><Pages>'
           '<Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
           '<Page ID="2" BaseLoc="/Doc_0/Pages/Page_1/Content.xml"/>'
           '</Pages></Document>')
    t = "ns1:"
    tpl0 = page(t, OFDNS, tobj(1, 40, 25, 130, 12, "南湖市生态环境局文件",
                               size=8, codey=10, pre=t))
    tpl1 = page(t, OFDNS, tobj(2, 60, 275, 90, 6, "南湖市生态环境局印制",
                               size=4, codey=4, pre=t))
    x = "x:"
    date = []
    cx = 120.0
    for ch in "2024年5月20日":
        w = 2.8 if ch.isdigit() else 5.6
        date.append((cx, ch))
        cx += w
    date_objs = [tobj(300 + i, round(dx, 1), 194.4, 6, 8, ch, pre=x)
                 for i, (dx, ch) in enumerate(date)]
    order = [5, 0, 9, 3, 7, 1, 4, 8, 2, 6]
    objs = [
        # the marking, drawn twice for a bold look
        tobj(20, 60.2, 214.4, 60, 8, "（此件公开发布）", pre=x),
        # Latin words: a visible gap between OFD and Reader only
        tobj(12, 56.4, 120, 20, 8, "Reader", pre=x),
        tobj(10, 25, 120, 20, 8, "请登录", pre=x),
        tobj(13, 73.2, 120, 20, 8, "查看。", pre=x),
        # two lines in one text object
        f'<{x}TextObject ID="14" Boundary="25 130 160 20" Size="5.6">'
        f'<{x}TextCode X="0" Y="5.6">第一行文字</{x}TextCode>'
        f'<{x}TextCode X="0" Y="14.6">第二行文字</{x}TextCode>'
        f'</{x}TextObject>',
        # the date, one glyph per object, scrambled
        "".join(date_objs[i] for i in order),
        # the docno split across boxes of different height
        tobj(4, 85.5, 47, 30, 9, "27号", codey=6.6, pre=x),
        tobj(3, 25, 48, 60, 8, "南环发〔2024〕", pre=x),
        # the title inside nested page blocks, second half first
        f'<{x}PageBlock ID="30"><{x}PageBlock ID="31">' +
        tobj(6, 52.4, 70, 120, 8, "自行监测质量检查的通知", pre=x) +
        f'</{x}PageBlock>' +
        tobj(5, 30, 70, 30, 8, "关于开展", pre=x, cdata=True) +
        f'</{x}PageBlock>',
        # addressee, its two halves 0.4 mm apart
        tobj(8, 25, 90, 60, 8, "各县（市、区）", pre=x),
        tobj(9, 64.2, 90.4, 60, 8, "生态环境分局：", pre=x),
        tobj(11, 41.8, 120, 20, 8, "OFD", pre=x),
        tobj(21, 60, 214.4, 60, 8, "（此件公开发布）", pre=x),
    ]
    p0 = page(x, OFDNS, "".join(objs), templates=("50", "51"))
    p1 = page("", "http://www.ofdspec.org", (
        tobj(41, 25, 60, 160, 8, "南湖市生态环境局") +
        tobj(40, 25, 40, 160, 8, "二、第二页正文。")), templates=("51",))
    write_zip("ofd-layout.ofd", [
        ("OFD.xml", ofd_main("o:", " Doc_0/Document.xml \n")),
        ("Doc_0/Document.xml", doc),
        ("Doc_0/PublicRes.xml", PUBRES),
        ("Doc_0/Tpls/Tpl_0/Content.xml", tpl0),
        ("Doc_0/Tpls/Tpl_1/Content.xml", tpl1),
        ("Doc_0/Pages/Page_0/Content.xml", p0),
        ("Doc_0/Pages/Page_1/Content.xml", p1),
    ])


def make_ofd_gongwen():
    pre = "ofd:"
    lines = list(GONGWEN)
    pages = [lines[:8], lines[8:]]
    parts = []
    oid = 100
    for n, pl in enumerate(pages):
        objs = []
        y = 30.0
        for text in pl:
            # wrap long lines at 28 glyphs, as a writer lays them out
            while text:
                chunk, text = text[:28], text[28:]
                dx = f"g {len(chunk) - 1} 5.6" if len(chunk) > 1 else ""
                objs.append(
                    f'<{pre}TextObject ID="{oid}" Boundary="25 {y:.1f} '
                    f'160 8" Font="2" Size="5.6"><{pre}TextCode X="0" '
                    f'Y="5.6" DeltaX="{dx}">{chunk}</{pre}TextCode>'
                    f'</{pre}TextObject>')
                oid += 1
                y += 9.0
            y += 9.0
        parts.append((f"Doc_0/Pages/Page_{n}/Content.xml",
                      page(pre, OFDNS, "".join(objs))))
    doc = (XML + f'<ofd:Document xmlns:ofd="{OFDNS}"><ofd:CommonData>'
           '<ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea>'
           '<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
           '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
           '<ofd:Pages>' + "".join(
               f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
               for i in range(len(pages))) + '</ofd:Pages></ofd:Document>')
    write_zip("gongwen.ofd", [("OFD.xml", ofd_main()),
                              ("Doc_0/Document.xml", doc),
                              ("Doc_0/PublicRes.xml", PUBRES)] + parts)


# --- realistic docx through pandoc and LibreOffice ----------------------

def make_real():
    md = "\n\n".join(GONGWEN) + "\n"
    with open(os.path.join(HERE, "gongwen.md"), "w") as f:
        f.write(md)
    subprocess.run(["pandoc", "-o", os.path.join(HERE, "gongwen-pandoc.docx"),
                    os.path.join(HERE, "gongwen.md")], check=True)
    print("wrote gongwen-pandoc.docx")
    html = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head>"
            "<body>" + "".join(f"<p>{t}</p>" for t in GONGWEN) +
            "<table border=\"1\"><tr><td colspan=\"2\">抄送：南湖市人民政府"
            "办公室。</td></tr><tr><td>南湖市生态环境局办公室</td>"
            "<td>2024年5月20日印发</td></tr></table></body></html>\n")
    with open(os.path.join(HERE, "gongwen-lo.html"), "w") as f:
        f.write(html)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://"
                        + tmp + "/profile", "--convert-to",
                        "docx:MS Word 2007 XML", "--outdir", tmp,
                        os.path.join(HERE, "gongwen-lo.html")], check=True)
        shutil.copy(os.path.join(tmp, "gongwen-lo.docx"),
                    os.path.join(HERE, "gongwen-lo.docx"))
    print("wrote gongwen-lo.docx")


def main():
    make_docx_table()
    make_docx_layout()
    make_docx_ns()
    make_docx_ctypes()
    make_ofd_layout()
    make_ofd_gongwen()
    if "--real" in sys.argv:
        make_real()


if __name__ == "__main__":
    main()
