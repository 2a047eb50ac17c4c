// Reading phred FASTA quality text: every rule on inline text, then the shared reference files
// against the values Biopython and BioPerl read from them.
#include "formats/qualityfile.h"
#include "formats/qualreader.h"
#include "readstext.h"
#include "referencetables.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace qc;
using namespace Qt::StringLiterals;

namespace {

const char *const kSkbio = "scikit-bio/skbio/io/format/tests/data/";

// Files we read. reference: "both" when Biopython and BioPerl agree on every value, "bioperl"
// where Biopython fails. note: where scikit-bio, which reads .qual paired with a FASTA file,
// rejects what our rules accept.
struct ValidFile
{
    const char *path, *reference, *note;
};
const ValidFile kValidFiles[] = {
    {"bioperl/t/data/consed_project/edit_dir/test_project.fasta.screen.contigs.qual", "both", ""},
    {"bioperl/t/data/consed_project/edit_dir/test_project.fasta.screen.problems.qual", "both", " (empty file)"},
    {"bioperl/t/data/dbqual/1.qual", "both", ""},
    {"bioperl/t/data/dbqual/2.qual", "both", ""},
    {"bioperl/t/data/dbqual/3.qual", "both", ""},
    {"bioperl/t/data/fastq/example.qual", "both", ""},
    {"bioperl/t/data/lucy.qual", "both", ""},
    {"bioperl/t/data/multifa.seq.qual", "both", ""},
    {"bioperl/t/data/qualfile.qual", "both", ""},
    {"biopython/Tests/Quality/example.qual", "both", ""},
    {"biopython/Tests/Roche/E3MFGYR02_random_10_reads_no_trim.qual", "both", ""},
    {"qual_multi_seq_roundtrip", "both", ""},
    {"qual_single_bio_seq_non_defaults", "both", ""},
    {"qual_single_dna_seq_non_defaults", "both", ""},
    {"qual_single_nuc_seq_non_defaults", "both", ""},
    {"qual_single_prot_seq_non_defaults", "both", ""},
    {"qual_single_rna_seq_non_defaults", "both", ""},
    {"qual_tabular_msa_different_type", "bioperl", " (unnamed first header; Biopython fails)"},
    // skbio's errors for these come from comparing with a FASTA file, not from the .qual itself.
    {"qual_2_seqs_defaults", "both", " (skbio: FASTA file has more records)"},
    {"qual_3_seqs_defaults_extra", "both", " (skbio: QUAL file has more records)"},
    // Differs: a header with no values is a read of length 0 here; skbio demands scores.
    {"qual_invalid_missing_qual_scores_last", "both", " (skbio rejects: empty last record)"},
};

// Files we reject, with the line and message expected. Rule differences from scikit-bio:
// - values above 100 are rejected; skbio accepts up to 255 (Biopython and BioPerl: anything),
//   so several of its valid files are rejected here;
// - blank and whitespace-only lines are tolerated; skbio's "whitespace-only" and "without
//   quality scores" files are still rejected, but only for the -42 they also contain.
struct RejectedFile
{
    const char *path;
    int line;
    const char *message, *note;
};
const char *const kNeg42 = "quality -42 is negative";
const char *const kAbove255 = "quality 255 is above 100";
const char *const kAbove1000 = "quality 1000 is above 100";
const char *const kBeforeHeader = "quality values before the first '>' header";
const RejectedFile kRejectedFiles[] = {
    {"qual_3_seqs_defaults", 8, kNeg42, ""},
    {"qual_3_seqs_defaults_desc_mismatch", 8, kNeg42, ""},
    {"qual_3_seqs_defaults_id_mismatch", 8, kNeg42, ""},
    {"qual_3_seqs_defaults_length_mismatch", 8, kNeg42, ""},
    {"qual_invalid_qual_scores_negative", 8, kNeg42, ""},
    {"qual_invalid_qual_scores_over_255", 8, "quality 256 is above 100", ""},
    {"qual_invalid_qual_scores_string", 7, "'1a' is not a whole number", ""},
    {"qual_invalid_legacy_format", 1, kBeforeHeader, " (';' comment line)"},
    {"qual_invalid_missing_header", 1, kBeforeHeader, ""},
    {"qual_invalid_blank_line_after_header", 9, kNeg42, " (blank line itself tolerated)"},
    {"qual_invalid_blank_line_within_seq", 10, kNeg42, " (blank line itself tolerated)"},
    {"qual_invalid_ws_line_after_header", 9, kNeg42, " (blank line itself tolerated)"},
    {"qual_invalid_whitespace_line_in_seq", 10, kNeg42, " (blank line itself tolerated)"},
    {"qual_invalid_blank_sequence", 8, kNeg42, " (empty record itself valid)"},
    {"qual_invalid_whitespace_only_sequence", 8, kNeg42, " (empty record itself valid)"},
    {"qual_invalid_missing_qual_scores_first", 7, kNeg42, " (empty record itself valid)"},
    {"qual_invalid_missing_qual_scores_middle", 7, kNeg42, " (empty record itself valid)"},
    {"qual_3_seqs_non_defaults", 2, "quality 1234 is above 100", " (skbio accepts)"},
    {"qual_5_blanks_start_of_file", 7, kAbove255, " (skbio accepts)"},
    {"qual_5_ws_lines_start_of_file", 7, kAbove255, " (skbio accepts)"},
    {"qual_6_blanks_start_of_file", 8, kAbove255, " (skbio accepts)"},
    {"qual_6_ws_lines_start_of_file", 8, kAbove255, " (skbio accepts)"},
    {"qual_blank_lines_between_records", 2, kAbove255, " (skbio accepts)"},
    {"qual_blanks_end_of_file", 2, kAbove255, " (skbio accepts)"},
    {"qual_ws_lines_between_records", 2, kAbove255, " (skbio accepts)"},
    {"qual_ws_lines_end_of_file", 2, kAbove255, " (skbio accepts)"},
    {"qual_description_newline_replacement_empty_str", 2, kAbove255, " (skbio accepts)"},
    {"qual_description_newline_replacement_multi_char", 2, kAbove255, " (skbio accepts)"},
    {"qual_id_whitespace_replacement_empty_str", 4, kAbove1000, " (skbio accepts)"},
    {"qual_id_whitespace_replacement_multi_char", 4, kAbove1000, " (skbio accepts)"},
    {"qual_max_width_1", 9, kAbove255, " (skbio accepts)"},
    {"qual_max_width_5", 5, kAbove255, " (skbio accepts)"},
    {"qual_multi_seq", 2, kAbove255, " (skbio accepts)"},
    {"qual_single_seq", 2, kAbove255, " (skbio accepts)"},
    {"qual_prot_seqs_odd_labels", 2, "quality -0000000 is negative", " (skbio accepts)"},
    // skbio's writer output with the header split over lines: the description becomes values.
    {"qual_description_newline_replacement_none", 2, "'detailed' is not a whole number", ""},
    {"qual_id_whitespace_replacement_none", 3, "'seq' is not a whole number", ""},
};

// Table paths are relative to the shared data root; bare names are scikit-bio's test data.
QString relativePath(const char *path)
{
    const QString name = QString::fromLatin1(path);
    return name.contains(u'/') ? name : QString::fromLatin1(kSkbio) + name;
}

const QJsonObject &crosscheckFiles()
{
    static const QJsonObject files = referenceFiles(u"expected_text_formats_crosscheck.json"_s);
    return files;
}

} // namespace

class TestQualReader : public QObject
{
    Q_OBJECT

private slots:
    void parsesValidText_data();
    void parsesValidText();
    void rejectsMalformedText_data();
    void rejectsMalformedText();
    void appendsAfterEarlierReads();

    void readsValidReferenceFiles_data();
    void readsValidReferenceFiles();
    void rejectsMalformedReferenceFiles_data();
    void rejectsMalformedReferenceFiles();
    void everyReferenceQualFileIsListed();
};

void TestQualReader::parsesValidText_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("one record") << bytes(">r1\n40 40 38\n") << u"r1[40 40 38]"_s;
    QTest::newRow("several records") << bytes(">a\n1 2\n>b\n3\n>c\n4 5 6\n") << u"a[1 2] b[3] c[4 5 6]"_s;
    QTest::newRow("values over several lines") << bytes(">a\n1 2\n3\n 4 5\n") << u"a[1 2 3 4 5]"_s;
    QTest::newRow("crlf line ends") << bytes(">a desc\r\n1 2\r\n3\r\n>b\r\n4\r\n") << u"a[1 2 3] b[4]"_s;
    QTest::newRow("blank lines at start, within values, between records")
        << bytes("\n\n>a\n1\n\n2\n\n\n>b\n\n3\n\n") << u"a[1 2] b[3]"_s;
    QTest::newRow("whitespace-only lines and indentation")
        << bytes(" \t\n  >a\n\t 1 \t2  \n   \n>b\n3\t\n") << u"a[1 2] b[3]"_s;
    QTest::newRow("tabs and runs of spaces") << bytes(">a\n1\t2    3\t\t4\n") << u"a[1 2 3 4]"_s;
    QTest::newRow("empty record between others") << bytes(">a\n1\n>none\n>b\n2\n") << u"a[1] none[] b[2]"_s;
    QTest::newRow("empty record at end") << bytes(">a\n1\n>last\n") << u"a[1] last[]"_s;
    QTest::newRow("header only, no newline") << bytes(">a") << u"a[]"_s;
    QTest::newRow("empty file") << bytes("") << QString();
    QTest::newRow("only blank lines") << bytes("\n \r\n\t\n") << QString();
    QTest::newRow("name is the header's first word") << bytes(">read_7 length=3 run=R1\n1 2 3\n") << u"read_7[1 2 3]"_s;
    QTest::newRow("space between '>' and name") << bytes("> desc3\n0\n") << u"desc3[0]"_s;
    QTest::newRow("header without a name") << bytes(">\n5\n") << u"[5]"_s;
    QTest::newRow("lowest and highest quality") << bytes(">a\n0 100\n") << u"a[0 100]"_s;
    QTest::newRow("leading zeros") << bytes(">a\n007 0100\n") << u"a[7 100]"_s;
    QTest::newRow("no final newline") << bytes(">a\n1 2") << u"a[1 2]"_s;
    QTest::newRow("crlf, final line ends in cr") << bytes(">a\r\n1 2\r") << u"a[1 2]"_s;
}

void TestQualReader::parsesValidText()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);

    ParsedReads out;
    const std::optional<ReadError> error = parseQual(text, out);
    QVERIFY2(!error, error ? qPrintable(error->message) : "");
    QCOMPARE(describe(out), expected);
}

void TestQualReader::rejectsMalformedText_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("line");
    QTest::addColumn<QString>("message");

    const QString before = QString::fromLatin1(kBeforeHeader);
    const QString binary = u"binary data (NUL byte)"_s;
    const auto notNumber = [](const char *token) {
        return u"'%1' is not a whole number"_s.arg(QString::fromUtf8(token));
    };
    QTest::newRow("letter after digits") << bytes(">a\n40 4x 38\n") << 2ll << notNumber("4x");
    QTest::newRow("base letter") << bytes(">a\n1\nN\n") << 3ll << notNumber("N");
    QTest::newRow("decimal point") << bytes(">a\n40.5\n") << 2ll << notNumber("40.5");
    QTest::newRow("plus sign") << bytes(">a\n+5\n") << 2ll << notNumber("+5");
    QTest::newRow("comma separated") << bytes(">a\n1,2\n") << 2ll << notNumber("1,2");
    QTest::newRow("lone minus sign") << bytes(">a\n- 1\n") << 2ll << notNumber("-");
    QTest::newRow("long junk shortened") << bytes(">a\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n") << 2ll
                                         << notNumber("xxxxxxxxxxxxxxxxxxxx\u2026");
    QTest::newRow("negative value") << bytes(">a\n1 -1\n") << 2ll << u"quality -1 is negative"_s;
    QTest::newRow("just above 100") << bytes(">a\n100 101\n") << 2ll << u"quality 101 is above 100"_s;
    QTest::newRow("too large for any integer")
        << bytes(">a\n99999999999999999999\n") << 2ll << u"quality 99999999999999999999 is above 100"_s;
    QTest::newRow("values before the first header") << bytes("1 2 3\n>a\n") << 1ll << before;
    QTest::newRow("values after leading blank lines") << bytes("\n\n7\n>a\n") << 3ll << before;
    QTest::newRow("';' comment before header") << bytes("; comment\n>a\n1\n") << 1ll << before;
    QTest::newRow("NUL byte among values") << bytes(">a\n1 2\n3\0 4\n") << 3ll << binary;
    QTest::newRow("NUL byte in header") << bytes(">a\0b\n1\n") << 1ll << binary;
    QTest::newRow("gzip data") << bytes("\x1f\x8b\x08\0\0\0\0\0") << 1ll << binary;
    QTest::newRow("crlf lines counted once") << bytes(">a\r\n1\r\n\r\n2 x\r\n") << 4ll << notNumber("x");
    QTest::newRow("error in a later record") << bytes(">a\n1\n>b\n2\n3 -7\n") << 5ll << u"quality -7 is negative"_s;
}

void TestQualReader::rejectsMalformedText()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, line);
    QFETCH(QString, message);

    ParsedReads out;
    const std::optional<ReadError> error = parseQual(text, out);
    QVERIFY(error.has_value());
    QCOMPARE(error->message, message);
    QCOMPARE(error->line, line);
    QCOMPARE(error->offset, qint64(-1));
}

void TestQualReader::appendsAfterEarlierReads()
{
    ParsedReads out;
    QVERIFY(!parseQual(bytes(">a\n1 2\n"), out));
    QVERIFY(!parseQual(bytes(">b\n3\n>c\n"), out));
    QCOMPARE(describe(out), u"a[1 2] b[3] c[]"_s);
    QCOMPARE(out.reads[1].offset, std::size_t(2));

    // Reads from an earlier text do not count as a header for the next one.
    const std::optional<ReadError> error = parseQual(bytes("4\n"), out);
    QVERIFY(error.has_value());
    QCOMPARE(error->message, QString::fromLatin1(kBeforeHeader));
}

void TestQualReader::readsValidReferenceFiles_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reference");
    for (const ValidFile &file : kValidFiles)
        QTest::addRow("%s%s", file.path, file.note) << relativePath(file.path) << QString::fromLatin1(file.reference);
}

void TestQualReader::readsValidReferenceFiles()
{
    QFETCH(QString, path);
    QFETCH(QString, reference);
    QC_REQUIRE_SHARED(sharedDataPath(path));

    // The parser against the references. (An empty file parses as no records, as the references
    // say; readQualityFile() additionally reports it to the user as empty.)
    QFile file(sharedDataPath(path));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    ParsedReads out;
    const std::optional<ReadError> error = parseQual(text, out);
    if (error)
        QFAIL(qPrintable(u"line %1: %2"_s.arg(error->line).arg(error->message)));

    // Every value, from the cross-check of two independent readers.
    const QJsonObject entry = crosscheckFiles().value(path).toObject();
    QVERIFY2(!entry.isEmpty(), "no cross-check entry");
    if (reference == u"both")
        QVERIFY(entry.value(u"agree_qualities").toBool());
    const QString tool = reference == u"both" ? u"biopython_qual"_s : u"bioperl_qual"_s;
    const QJsonArray records = entry.value(tool).toObject().value(u"records").toArray();
    QCOMPARE(out.reads.size(), std::size_t(records.size()));
    for (qsizetype i = 0; i < records.size(); ++i) {
        const QJsonObject record = records[i].toObject();
        const ReadRecord &read = out.reads[std::size_t(i)];
        if (record.value(u"id").isString()) // BioPerl reports no id for an unnamed header
            QCOMPARE(QString::fromUtf8(read.name), record.value(u"id").toString());
        QList<int> expected;
        for (const QJsonValue value : record.value(u"qual").toArray())
            expected << value.toInt();
        const auto values = out.qualitiesOf(read);
        QCOMPARE(QList<int>(values.begin(), values.end()), expected);
    }

    // And the summary row, where the file has one.
    const QStringList summary = referenceRowsByFile(u"EXPECTED_SUMMARY.tsv"_s).value(path);
    if (summary.isEmpty())
        return;
    qint64 sum = 0;
    int min = 100, max = 0, atLeast20 = 0;
    for (std::uint8_t q : out.qualities) {
        sum += q;
        min = std::min<int>(min, q);
        max = std::max<int>(max, q);
        atLeast20 += q >= 20;
    }
    const auto n = qint64(out.qualities.size());
    QCOMPARE(QString::number(out.reads.size()), summary[2]);
    QCOMPARE(QString::number(n), summary[3]);
    QCOMPARE(n ? QString::number(double(sum) / double(n), 'f', 4) : QString(), summary[4]);
    QCOMPARE(n ? QString::number(min) : QString(), summary[5]);
    QCOMPARE(n ? QString::number(max) : QString(), summary[6]);
    QCOMPARE(QString::number(atLeast20), summary[7]);
}

void TestQualReader::rejectsMalformedReferenceFiles_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<qint64>("line");
    QTest::addColumn<QString>("message");
    for (const RejectedFile &file : kRejectedFiles)
        QTest::addRow("%s%s", file.path, file.note)
            << relativePath(file.path) << qint64(file.line) << QString::fromLatin1(file.message);
}

void TestQualReader::rejectsMalformedReferenceFiles()
{
    QFETCH(QString, path);
    QFETCH(qint64, line);
    QFETCH(QString, message);
    QC_REQUIRE_SHARED(sharedDataPath(path));

    ParsedReads out;
    QByteArray buffer;
    const std::optional<ReadError> error = readQualityFile(sharedDataPath(path), out, buffer);
    QVERIFY(error.has_value());
    QCOMPARE(error->message, message);
    QCOMPARE(error->line, line);
}

void TestQualReader::everyReferenceQualFileIsListed()
{
    // Both ways: a new quality file in the shared data needs a verdict here, and a typo in the
    // tables above must not turn into a silently skipped row.
    QC_REQUIRE_SHARED(sharedDataPath(u"MANIFEST.tsv"_s));
    QSet<QString> listed;
    for (const ValidFile &file : kValidFiles)
        listed.insert(relativePath(file.path));
    for (const RejectedFile &file : kRejectedFiles)
        listed.insert(relativePath(file.path));

    QSet<QString> inManifest;
    const auto manifest = referenceRowsByFile(u"MANIFEST.tsv"_s);
    for (auto it = manifest.cbegin(); it != manifest.cend(); ++it) {
        const QString name = it.key().section(u'/', -1);
        const bool skbioQual = it.key().startsWith(QString::fromLatin1(kSkbio)) && name.startsWith(u"qual_");
        // scikit-bio's fastq_*_qual files end in "qual" but are FASTQ, read by that reader.
        if ((name.endsWith(u"qual") && !name.startsWith(u"fastq_")) || skbioQual)
            inManifest.insert(it.key());
    }
    QCOMPARE(inManifest - listed, QSet<QString>());
    QCOMPARE(listed - inManifest, QSet<QString>());
}

QTEST_GUILESS_MAIN(TestQualReader)
#include "tst_qualreader.moc"
