// Reading Sanger FASTQ: every rule on inline text, then every FASTQ file of the shared reference
// data against what Biopython and BioPerl read from it, and Biopython's suite of damaged files.
#include "formats/fastqreader.h"
#include "formats/qualityfile.h"
#include "readstext.h"
#include "referencetables.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <algorithm>
#include <numeric>

using namespace qc;
using namespace Qt::StringLiterals;

namespace {

const QString kQualityRange = u"; Sanger FASTQ qualities are '!' to '~'"_s;
const QString kPhred64 = u"no quality character is below ';'"_s;
const QString kErrorSuite = u"biopython/expected_fastq_errors_from_test_SeqIO_QualityIO.json"_s;

// Biopython's damaged files: the line and message each is refused with. The record named must be
// the one after the good records the suite lists.
struct DamagedFile
{
    const char *name;
    int line;
    const char *message;
};
const DamagedFile kDamagedFiles[] = {
    {"error_diff_ids", 11, "record 3 has a different title on its '+' line than on its '@' line"},
    {"error_double_qual", 13, "record 3 has more quality values than its 25 bases"},
    {"error_double_seq", 15, "record 4 has no '+' line before the next '@' title"},
    {"error_long_qual", 16, "record 4 has more quality values than its 25 bases"},
    {"error_no_qual", 5, "record 1 has only 0 quality values for 25 bases"},
    {"error_qual_del", 16, "record 4 has byte 0x7F in its quality"},
    {"error_qual_escape", 20, "record 5 has byte 0x1B in its quality"},
    {"error_qual_space", 16, "record 4 has a space in its quality"},
    {"error_qual_tab", 20, "record 5 has a tab in its quality"},
    {"error_qual_unit_sep", 12, "record 3 has byte 0x1F in its quality"},
    {"error_qual_vtab", 4, "record 1 has byte 0x0B in its quality"},
    {"error_short_qual", 13, "record 3 has only 24 quality values for 25 bases"},
    {"error_spaces", 2, "record 1 has a space in its sequence"},
    {"error_tabs", 2, "record 1 has a tab in its sequence"},
    {"error_trunc_at_plus", 19, "the file ends within record 5, before its '+' line"},
    {"error_trunc_at_qual", 19, "the file ends within record 5, after 0 of its 25 quality values"},
    {"error_trunc_at_seq", 18, "the file ends within record 5, before its '+' line"},
    {"error_trunc_in_plus", 19, "record 5 has a different title on its '+' line than on its '@' line"},
    {"error_trunc_in_seq", 18, "the file ends within record 5, before its '+' line"},
    {"error_trunc_in_title", 17, "the file ends within record 5, before its '+' line"},
};
// The suite is copied byte for byte into each of these folders.
const char *const kDamagedFolders[] = {"biopython/Tests/Quality/", "bioperl/t/data/fastq/",
                                       "scikit-bio/skbio/io/format/tests/data/"};

// Rows that come from the shared data would be no rows at all without it; this one skips instead.
bool addMissingDataRow()
{
    if (QFileInfo::exists(sharedDataPath(u"MANIFEST.tsv"_s)))
        return false;
    QTest::newRow("shared data") << u"MANIFEST.tsv"_s << QString();
    return true;
}

} // namespace

class TestFastqReader : public QObject
{
    Q_OBJECT

private slots:
    void recognisesFastq();
    void parsesValidText_data();
    void parsesValidText();
    void rejectsMalformedText_data();
    void rejectsMalformedText();
    void appendsAfterEarlierReads();

    void readsSangerReferenceFiles_data();
    void readsSangerReferenceFiles();
    void refusesPhred64AndSolexaFiles_data();
    void refusesPhred64AndSolexaFiles();
    void refusesDamagedFiles_data();
    void refusesDamagedFiles();
};

void TestFastqReader::recognisesFastq()
{
    QVERIFY(looksLikeFastq(bytes("@r1\nACGT\n")));
    QVERIFY(looksLikeFastq(bytes("\n \r\n\t@r1\n")));
    QVERIFY(!looksLikeFastq(bytes(">r1\n40 40\n")));
    QVERIFY(!looksLikeFastq(bytes("x@r1\n")));
    QVERIFY(!looksLikeFastq(QByteArrayView()));
    QVERIFY(!looksLikeFastq(bytes("\n\n  \n")));
    QVERIFY(!looksLikeFastq(bytes("\x1f\x8b\x08\0")));
}

void TestFastqReader::parsesValidText_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("one record") << bytes("@r1\nACG\n+\n!5I\n") << u"r1[0 20 40]"_s;
    QTest::newRow("several records") << bytes("@a\nAC\n+\n!\"\n@b\nA\n+\n#\n@c\nG\n+\n$\n") << u"a[0 1] b[2] c[3]"_s;
    QTest::newRow("title repeated on '+' line") << bytes("@a r\nAC\n+a r\n!5\n") << u"a[0 20]"_s;
    QTest::newRow("wrapped sequence and quality") << bytes("@a\nACGT\nAC\n+\n!!!\n#5I\n") << u"a[0 0 0 2 20 40]"_s;
    QTest::newRow("'@' at the start of a quality line")
        << bytes("@a\nACGT\n+\n!!\n@I\n@b\nA\n+\n!\n") << u"a[0 0 31 40] b[0]"_s;
    QTest::newRow("whole quality starts with '@'") << bytes("@a\nAC\n+\n@!\n") << u"a[31 0]"_s;
    QTest::newRow("'+' at the start of quality lines") << bytes("@a\nACG\n+\n+!\n+\n") << u"a[10 0 10]"_s;
    QTest::newRow("zero-length read") << bytes("@a\n\n+\n\n@b\nA\n+\n!\n") << u"a[] b[0]"_s;
    QTest::newRow("zero-length read, no blank") << bytes("@a\n+\n@b\nA\n+\n!\n") << u"a[] b[0]"_s;
    QTest::newRow("zero-length read last") << bytes("@a\nA\n+\n!\n@z\n+\n") << u"a[0] z[]"_s;
    QTest::newRow("crlf line ends") << bytes("@a x\r\nAC\r\n+a x\r\n!5\r\n@b\r\nA\r\n+\r\n#\r\n") << u"a[0 20] b[2]"_s;
    QTest::newRow("blank lines at start, within and between records")
        << bytes("\n \n@a\nA\n\nC\n+\n\n!\n\n5\n\n\t\n@b\nA\n+\n!\n\n") << u"a[0 20] b[0]"_s;
    QTest::newRow("trailing spaces are not quality") << bytes("@a\nAC\n+\n!5 \t\n") << u"a[0 20]"_s;
    QTest::newRow("no final newline") << bytes("@a\nAC\n+\n!5") << u"a[0 20]"_s;
    QTest::newRow("empty file content") << QByteArray() << QString();
    QTest::newRow("only blank lines") << bytes("\n \r\n\t\n") << QString();
    QTest::newRow("name is the title's first word")
        << bytes("@read_7 length=2 run=R1\nAC\n+\n!!\n") << u"read_7[0 0]"_s;
    QTest::newRow("space after '@'") << bytes("@ r2 x\nA\n+\n!\n") << u"r2[0]"_s;
    QTest::newRow("title without a name") << bytes("@\nA\n+\n!\n") << u"[0]"_s;
    QTest::newRow("IUPAC codes, gaps, lower case") << bytes("@a\nnRyK-*.\n+\n!!!!!!!\n") << u"a[0 0 0 0 0 0 0]"_s;
    QTest::newRow("':' (25) proves Phred+33") << bytes("@a\nAAA\n+\n~h:\n") << u"a[93 71 25]"_s;

    QByteArray full = "@full\n" + QByteArray(94, 'A') + "\n+\n";
    QStringList values;
    for (char c = '!'; c <= '~'; ++c) {
        full += c;
        values << QString::number(c - '!');
    }
    QTest::newRow("every quality character, '!' to '~'") << full << u"full["_s + values.join(u' ') + u']';
}

void TestFastqReader::parsesValidText()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);

    ParsedReads out;
    const std::optional<ReadError> error = parseFastq(text, out);
    QVERIFY2(!error, error ? qPrintable(error->message) : "");
    QCOMPARE(out.format, "fastq");
    QCOMPARE(describe(out), expected);
}

void TestFastqReader::rejectsMalformedText_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("line");
    QTest::addColumn<QString>("message");

    const auto phred64 = [](const char *lowest, int record) -> QString {
        return kPhred64
            + u" (the lowest is '%1', in record %2): the qualities look like Phred+64 (Illumina "
              "1.3 to 1.7) or Solexa, which would be misread as Sanger; convert the file to "
              "Sanger FASTQ (Phred+33)"_s.arg(QLatin1String(lowest))
                  .arg(record);
    };
    const auto badQuality = [](const char *what) -> QString {
        return u"record 1 has %1 in its quality"_s.arg(QLatin1String(what)) + kQualityRange;
    };
    const auto tooMany = [](int bases) { return u"record 1 has more quality values than its %1 bases"_s.arg(bases); };
    const QString noTitle = u"record 1 does not begin with a '@' title line"_s;
    const QString otherTitle = u"record %1 has a different title on its '+' line than on its '@' line"_s;
    const QString endsInSequence = u"the file ends within record %1, before its '+' line"_s;

    QTest::newRow("not starting with '@'") << bytes(">a\n40\n") << 1ll << noTitle;
    QTest::newRow("indented title") << bytes("\n @a\nA\n+\n!\n") << 2ll << noTitle;
    QTest::newRow("gzip data") << bytes("\x1f\x8b\x08\0\0\0") << 1ll << noTitle;
    QTest::newRow("truncated last record, in its quality")
        << bytes("@a\nA\n+\n!\n@b\nACGT\n+\n!!\n") << 8ll
        << u"the file ends within record 2, after 2 of its 4 quality values"_s;
    QTest::newRow("truncated last record, in its sequence")
        << bytes("@a\nA\n+\n!\n@b\nACGT\n") << 6ll << endsInSequence.arg(2);
    QTest::newRow("truncated after the title") << bytes("@a") << 1ll << endsInSequence.arg(1);
    QTest::newRow("quality shorter than the sequence")
        << bytes("@a\nACGT\n+\n!!!\n@b\nA\n+\n!\n") << 5ll << u"record 1 has only 3 quality values for 4 bases"_s;
    QTest::newRow("quality longer than the sequence") << bytes("@a\nAC\n+\n!!!\n") << 4ll << tooMany(2);
    QTest::newRow("quality line after a complete quality") << bytes("@a\nAC\n+\n!!\n\n!!\n") << 6ll << tooMany(2);
    QTest::newRow("quality for a zero-length read") << bytes("@a\n+\n!\n") << 3ll << tooMany(0);
    QTest::newRow("space within the quality") << bytes("@a\nACG\n+\n! !\n") << 4ll << badQuality("a space");
    QTest::newRow("DEL in the quality") << bytes("@a\nAC\n+\n!\x7f\n") << 4ll << badQuality("byte 0x7F");
    QTest::newRow("UTF-8 in the quality") << bytes("@a\nAC\n+\n\xc3\xa9\n") << 4ll << badQuality("byte 0xC3");
    QTest::newRow("NUL in the quality") << bytes("@a\nAC\n+\n!\0\n") << 4ll << badQuality("byte 0x00");
    QTest::newRow("crlf lines counted once") << bytes("@a\r\nAC\r\n+\r\n!\x7f\r\n") << 4ll << badQuality("byte 0x7F");
    QTest::newRow("tab within the sequence")
        << bytes("@a\nAC\tG\n+\n!!!\n") << 2ll << u"record 1 has a tab in its sequence"_s;
    QTest::newRow("control character in the sequence")
        << bytes("@a\nA\x01\n+\n!!\n") << 2ll << u"record 1 has byte 0x01 in its sequence"_s;
    QTest::newRow("title mismatch between '@' and '+'")
        << bytes("@a\nA\n+\n!\n@b x\nA\n+b y\n!\n") << 7ll << otherTitle.arg(2);
    QTest::newRow("'+' title only a prefix") << bytes("@abc\nA\n+ab\n!\n") << 3ll << otherTitle.arg(1);
    QTest::newRow("next title before the '+' line")
        << bytes("@a\nAC\n@b\nAC\n+\n!!\n") << 3ll << u"record 1 has no '+' line before the next '@' title"_s;
    QTest::newRow("Phred+64 (Illumina 1.3+)") << bytes("@a\nACG\n+\nhB@\n") << 4ll << phred64("@", 1);
    QTest::newRow("Solexa, lowest character ';'")
        << bytes("@a\nAC\n+\nhh\n@b\nAC\n+\nh;\n@c\nA\n+\n;\n") << 8ll << phred64(";", 2);
    QTest::newRow("Phred+33 with no value below 26") << bytes("@a\nAC\n+\nII\n") << 4ll << phred64("I", 1);
}

void TestFastqReader::rejectsMalformedText()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, line);
    QFETCH(QString, message);

    ParsedReads out;
    const std::optional<ReadError> error = parseFastq(text, out);
    QVERIFY(error.has_value());
    QCOMPARE(error->message, message);
    QCOMPARE(error->line, line);
    QCOMPARE(error->offset, qint64(-1));
}

void TestFastqReader::appendsAfterEarlierReads()
{
    ParsedReads out;
    QVERIFY(!parseFastq(bytes("@a\nAC\n+\n!#\n"), out));
    QVERIFY(!parseFastq(bytes("@b\nA\n+\n$\n@c\n+\n"), out));
    QCOMPARE(describe(out), u"a[0 2] b[3] c[]"_s);
    QCOMPARE(out.reads[1].offset, std::size_t(2));

    // Records are counted, and the encoding judged, within each text.
    const std::optional<ReadError> error = parseFastq(bytes("@d\nAC\n+\n!\n"), out);
    QVERIFY(error.has_value());
    QCOMPARE(error->message, u"the file ends within record 1, after 1 of its 2 quality values"_s);
    ParsedReads phred64;
    QVERIFY(!parseFastq(bytes("@a\nA\n+\n!\n"), phred64));
    QVERIFY(parseFastq(bytes("@b\nA\n+\nh\n"), phred64).has_value());
}

void TestFastqReader::readsSangerReferenceFiles_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reference"); // the file whose expected values apply
    if (addMissingDataRow())
        return;
    for (const QStringList &row : referenceRowsByFile(u"MANIFEST.tsv"_s)) {
        const QString path = row[0], what = row.value(4);
        const bool fastq = what.startsWith(u"valid FASTQ") || what.startsWith(u"EDGE FASTQ");
        if (fastq && !what.contains(u"encoding)") && !kPhred64ListedAsSanger.contains(path))
            QTest::newRow(qPrintable(path)) << path << path;
        else if (what.startsWith(u"compressed copy of") && path.contains(u".fastq."))
            QTest::newRow(qPrintable(path)) << path << path.section(u'.', 0, -2);
    }
}

void TestFastqReader::readsSangerReferenceFiles()
{
    QFETCH(QString, path);
    QFETCH(QString, reference);
    QC_REQUIRE_SHARED(sharedDataPath(path));

    // Plain files straight through this reader; compressed copies the way the app opens files.
    ParsedReads out;
    QByteArray text = sharedFileBytes(path);
    QVERIFY(path != reference || looksLikeFastq(text));
    const std::optional<ReadError> error =
        path == reference ? parseFastq(text, out) : readQualityFile(sharedDataPath(path), out, text);
    if (error)
        QFAIL(qPrintable(u"line %1: %2"_s.arg(error->line).arg(error->message)));
    QCOMPARE(out.format, "fastq");

    // Every name and value as Biopython read them; BioPerl too where it agrees on every value.
    static const QJsonObject crosscheck = referenceFiles(u"expected_text_formats_crosscheck.json"_s);
    const QJsonObject entry = crosscheck.value(reference).toObject();
    QVERIFY2(!entry.isEmpty(), "no cross-check entry");
    QStringList tools{u"biopython_fastq_sanger"_s};
    if (entry.value(u"agree_qualities").toBool())
        tools << u"bioperl_fastq"_s;
    for (const QString &tool : tools) {
        const QJsonArray records = entry.value(tool).toObject().value(u"records").toArray();
        QCOMPARE(out.reads.size(), std::size_t(records.size()));
        for (qsizetype i = 0; i < records.size(); ++i) {
            const ReadRecord &read = out.reads[std::size_t(i)];
            QCOMPARE(QString::fromUtf8(read.name), records[i][u"id"].toString());
            QList<int> expected;
            for (const QJsonValue value : records[i][u"qual"].toArray())
                expected << value.toInt();
            const auto values = out.qualitiesOf(read);
            QCOMPARE(QList<int>(values.begin(), values.end()), expected);
        }
    }

    // And the summary row.
    const QStringList summary = referenceRowsByFile(u"EXPECTED_SUMMARY.tsv"_s).value(reference);
    QVERIFY2(summary.size() > 7, "no summary row");
    const std::vector<std::uint8_t> &values = out.qualities;
    const auto [min, max] = std::ranges::minmax_element(values);
    const double mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
    const auto atLeast20 = std::ranges::count_if(values, [](int q) { return q >= 20; });
    const QStringList figures{QString::number(out.reads.size()),
                              QString::number(values.size()),
                              QString::number(mean, 'f', 4),
                              QString::number(*min),
                              QString::number(*max),
                              QString::number(atLeast20)};
    QCOMPARE(figures, summary.mid(2, 6));
}

void TestFastqReader::refusesPhred64AndSolexaFiles_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("why");
    if (addMissingDataRow())
        return;
    for (const QStringList &row : referenceRowsByFile(u"MANIFEST.tsv"_s))
        if (row.value(4).startsWith(u"valid FASTQ") && row.value(4).contains(u"encoding)"))
            QTest::newRow(qPrintable(row[0])) << row[0] << row[4];
    // Listed as Sanger in EXPECTED_SUMMARY.tsv, but Phred+64 data (referencetables.h says why).
    for (const QString &path : kPhred64ListedAsSanger)
        QTest::newRow(qPrintable(path + u" (listed as Sanger)")) << path << u"Phred+64 listed as Sanger"_s;
}

void TestFastqReader::refusesPhred64AndSolexaFiles()
{
    QFETCH(QString, path);
    QC_REQUIRE_SHARED(sharedDataPath(path));

    const QByteArray text = sharedFileBytes(path);
    ParsedReads out;
    const std::optional<ReadError> error = parseFastq(text, out);
    QVERIFY(error.has_value());
    QVERIFY2(error->message.startsWith(kPhred64), qPrintable(error->message));
    QVERIFY(error->message.endsWith(u"convert the file to Sanger FASTQ (Phred+33)"));
    // The line named holds the lowest character named.
    const QList<QByteArray> lines = text.split('\n');
    const qsizetype lowest = error->message.indexOf(u"the lowest is '") + 15;
    QVERIFY(lowest > 15 && error->line >= 1 && error->line <= lines.size());
    QVERIFY(lines[error->line - 1].contains(error->message.at(lowest).toLatin1()));
}

void TestFastqReader::refusesDamagedFiles_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");
    QTest::addColumn<qint64>("line");
    QTest::addColumn<int>("goodRecords");
    if (!QFileInfo::exists(sharedDataPath(kErrorSuite))) {
        QTest::newRow("shared data") << kErrorSuite << QString() << 0ll << 0;
        return;
    }
    // Every damaged file of the suite has a row below, and every row a file of the suite.
    const QJsonObject suite = referenceFiles(kErrorSuite);
    QCOMPARE(suite.size(), qsizetype(std::size(kDamagedFiles)));
    for (const DamagedFile &file : kDamagedFiles) {
        const QString name = QString::fromLatin1(file.name) + u".fastq";
        const QJsonValue good = suite[u"Tests/Quality/"_s + name][u"good_records_before_error"];
        QVERIFY2(good.isDouble(), file.name);
        QString message = QString::fromLatin1(file.message);
        if (message.endsWith(u"in its quality"))
            message += kQualityRange;
        for (const char *folder : kDamagedFolders)
            QTest::addRow("%s%s", folder, qPrintable(name))
                << QString::fromLatin1(folder) + name << message << qint64(file.line) << good.toInt();
    }
}

void TestFastqReader::refusesDamagedFiles()
{
    QFETCH(QString, path);
    QFETCH(QString, message);
    QFETCH(qint64, line);
    QFETCH(int, goodRecords);
    QC_REQUIRE_SHARED(sharedDataPath(path));

    ParsedReads out;
    const std::optional<ReadError> error = parseFastq(sharedFileBytes(path), out);
    QVERIFY(error.has_value());
    QCOMPARE(error->message, message);
    QCOMPARE(error->line, line);
    // The record named is the first that Biopython does not read.
    QVERIFY(message.contains(QRegularExpression(u"\\brecord %1\\b"_s.arg(goodRecords + 1))));
}

QTEST_GUILESS_MAIN(TestFastqReader)
#include "tst_fastqreader.moc"
