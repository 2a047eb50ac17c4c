// Reading phred PHD files: every PHD file of the shared data against Biopython's and BioPerl's
// qualities and the summary, hand-made variants that are valid, and files damaged one way each.
#include "formats/phdreader.h"
#include "referencetables.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtTest>

#include <algorithm>

using namespace qc;
using namespace Qt::StringLiterals;

namespace {

const QString kSolexa = u"biopython/Tests/Phd/phd_solexa"_s; // DNA lines without peak positions

const QJsonObject &crosscheckFiles()
{
    static const QJsonObject files = referenceFiles(u"expected_text_formats_crosscheck.json"_s);
    return files;
}

// EXPECTED_SUMMARY.tsv, its first column (the file) mapped to the whole row.
const QMap<QString, QStringList> &summaryRows()
{
    static const QMap<QString, QStringList> rows = referenceRowsByFile(u"EXPECTED_SUMMARY.tsv"_s);
    return rows;
}

QJsonArray recordsOf(const QJsonObject &expected, const QString &reader)
{
    return expected.value(reader).toObject().value(u"records").toArray();
}

QString describe(const ReadError &error)
{
    return u"line %1: %2"_s.arg(error.line).arg(error.message);
}

QList<int> toInts(const QJsonArray &values)
{
    QList<int> ints;
    for (const QJsonValue value : values)
        ints << value.toInt();
    return ints;
}

QList<int> qualitiesOf(const ParsedReads &out, std::size_t read)
{
    const std::span<const std::uint8_t> values = out.qualitiesOf(out.reads[read]);
    return QList<int>(values.begin(), values.end());
}

// A record as phred writes it, around the given DNA lines.
QByteArray record(const QByteArray &name, const QByteArray &dna)
{
    return "BEGIN_SEQUENCE " + name + "\n\nBEGIN_COMMENT\n\nCHROMAT_FILE: " + name
        + "\nCHEM: term\n\nEND_COMMENT\n\nBEGIN_DNA\n" + dna + "END_DNA\n\nEND_SEQUENCE\n";
}

} // namespace

class Tst_phdreader : public QObject
{
    Q_OBJECT

private slots:
    void readsEveryPhdFileAsBiopython_data();
    void readsEveryPhdFileAsBiopython();
    void readsDnaLinesWithoutPeakPositions();
    void recognisesTheFormat_data();
    void recognisesTheFormat();
    void readsValidVariants_data();
    void readsValidVariants();
    void rejectsMalformedFiles_data();
    void rejectsMalformedFiles();
    void appendsAfterEarlierReads();
    void survivesCutAndDamagedCopies();
};

void Tst_phdreader::readsEveryPhdFileAsBiopython_data()
{
    QC_REQUIRE_SHARED(sharedDataPath(u"expected_text_formats_crosscheck.json"_s));
    QTest::addColumn<QString>("path");
    int files = 0;
    for (auto it = crosscheckFiles().begin(); it != crosscheckFiles().end(); ++it) {
        if (it.value().toObject().value(u"kind").toString() == u"phd") {
            QTest::newRow(qPrintable(it.key())) << it.key();
            ++files;
        }
    }
    QCOMPARE(files, 10);
}

void Tst_phdreader::readsEveryPhdFileAsBiopython()
{
    QFETCH(QString, path);
    QC_REQUIRE_SHARED(sharedDataPath(path));
    const QByteArray data = sharedFileBytes(path);
    QVERIFY(looksLikePhd(data));

    ParsedReads out;
    const std::optional<ReadError> error = parsePhd(data, out);
    QVERIFY2(!error, error ? qPrintable(describe(*error)) : "");
    QCOMPARE(out.format, "phd");

    const QJsonObject expected = crosscheckFiles().value(path).toObject();
    const QJsonArray biopython = recordsOf(expected, u"biopython_phd"_s);
    const QJsonArray bioperl = recordsOf(expected, u"bioperl_phd"_s);
    QCOMPARE(out.reads.size(), std::size_t(biopython.size()));
    QList<int> all;
    for (qsizetype i = 0; i < biopython.size(); ++i) {
        const QJsonObject record = biopython[i].toObject();
        QCOMPARE(QString::fromLatin1(out.reads[std::size_t(i)].name), record.value(u"id").toString());
        const QList<int> qualities = qualitiesOf(out, std::size_t(i));
        QCOMPARE(qualities, toInts(record.value(u"qual").toArray()));
        QCOMPARE(qualities.size(), record.value(u"seq").toString().size());
        // BioPerl agrees wherever it reads the qualities at all (see the next test).
        const QList<int> perl = toInts(bioperl[i].toObject().value(u"qual").toArray());
        if (path != kSolexa)
            QCOMPARE(qualities, perl);
        all << qualities;
    }

    // The summary is a second reference: records, count, mean, min, max, values >= 20.
    const QStringList summary = summaryRows().value(path);
    QVERIFY2(summary.size() > 7, "file missing from EXPECTED_SUMMARY.tsv");
    QCOMPARE(qsizetype(out.reads.size()), summary[2].toLongLong());
    QCOMPARE(all.size(), summary[3].toLongLong());
    double sum = 0;
    for (int q : all)
        sum += q;
    QVERIFY(qAbs(sum / double(all.size()) - summary[4].toDouble()) < 0.00006);
    QCOMPARE(*std::min_element(all.begin(), all.end()), summary[5].toInt());
    QCOMPARE(*std::max_element(all.begin(), all.end()), summary[6].toInt());
    QCOMPARE(std::ranges::count_if(all, [](int q) { return q >= 20; }), summary[7].toLong());
}

// The file the summary marks "readers DISAGREE": its DNA lines hold a base and a quality but no
// peak position (a Solexa read has no trace). Biopython reads the qualities; BioPerl's pattern
// wants three columns and returns empty records. Consed's author calls the peak position optional,
// and the quality is in the second column either way, so these lines are read.
void Tst_phdreader::readsDnaLinesWithoutPeakPositions()
{
    QC_REQUIRE_SHARED(sharedDataPath(kSolexa));
    QCOMPARE(summaryRows().value(kSolexa).value(8), u"readers DISAGREE (see json)"_s);
    const QJsonObject expected = crosscheckFiles().value(kSolexa).toObject();
    for (const QJsonValue record : recordsOf(expected, u"bioperl_phd"_s))
        QVERIFY(record.toObject().value(u"qual").toArray().isEmpty());

    const QByteArray data = sharedFileBytes(kSolexa);
    QVERIFY(data.startsWith("# solexa file")); // a comment line before the first record
    ParsedReads out;
    QVERIFY(!parsePhd(data, out));
    QCOMPARE(out.reads.size(), std::size_t(2));
    QCOMPARE(out.reads[0].name, "HWI-EAS94_4_1_1_537_446"_ba);
    QCOMPARE(out.reads[0].length, std::size_t(40));
    QCOMPARE(out.reads[1].length, std::size_t(40));
    QCOMPARE(qualitiesOf(out, 1).mid(25, 3), (QList<int>{30, 16, 30}));
}

void Tst_phdreader::recognisesTheFormat_data()
{
    QTest::addColumn<QByteArray>("start");
    QTest::addColumn<bool>("isPhd");
    QTest::newRow("phred") << "BEGIN_SEQUENCE ML4924R\n\nBEGIN_COMMENT\n"_ba << true;
    QTest::newRow("blank lines first") << "\n \r\n\t\nBEGIN_SEQUENCE read 1\n"_ba << true;
    QTest::newRow("comment line first") << "# solexa file\n\nBEGIN_SEQUENCE read 1\n"_ba << true;
    QTest::newRow("CRLF") << "BEGIN_SEQUENCE read\r\n"_ba << true;
    QTest::newRow("cut after the keyword") << "BEGIN_SEQUENCE"_ba << true;
    QTest::newRow("longer keyword") << "BEGIN_SEQUENCES read\n"_ba << false;
    QTest::newRow("comment block first") << "BEGIN_COMMENT\n"_ba << false;
    QTest::newRow("only comments") << "# one\n# two\n"_ba << false;
    QTest::newRow("fastq") << "@read\nACGT\n+\nIIII\n"_ba << false;
    QTest::newRow("qual") << ">read\n10 20\n"_ba << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void Tst_phdreader::recognisesTheFormat()
{
    QFETCH(QByteArray, start);
    QFETCH(bool, isPhd);
    QCOMPARE(looksLikePhd(start), isPhd);
}

void Tst_phdreader::readsValidVariants_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArrayList>("names");
    QTest::addColumn<QList<int>>("lengths");
    QTest::addColumn<QList<int>>("qualities"); // of all reads, in order
    const auto row = [](const char *name, const QByteArray &text, const QByteArrayList &names,
                        const QList<int> &lengths,
                        const QList<int> &qualities) { QTest::newRow(name) << text << names << lengths << qualities; };
    const QByteArray dna = "a 10 5\nc 0 17\nN 100 30\n";
    row("three columns", record("r1", dna), {"r1"}, {3}, {10, 0, 100});
    row("two columns", record("r1", "g 7\nt 8\n"), {"r1"}, {2}, {7, 8});
    row("CRLF", record("r1", dna).replace("\n", "\r\n"), {"r1"}, {3}, {10, 0, 100});
    row("tabs and blank lines in DNA", record("r1", "a\t12\t5\n\n  \nc  13  9 \n"), {"r1"}, {2}, {12, 13});
    row("no comment block", "BEGIN_SEQUENCE r1\nBEGIN_DNA\nt 40 1\nEND_DNA\nEND_SEQUENCE\n", {"r1"}, {1}, {40});
    row("empty DNA block", record("r1", "") + record("r2", "a 5 1\n"), {"r1", "r2"}, {0, 1}, {5});
    row("consed tags between records",
        record("r1", "a 1 1\n")
            + "\nWR{\ntemplate dscript 060127:153025\nname: BIXY\n}\n\n"
              "BEGIN_TAG\nTYPE: comment\nUNPADDED_READ_POS: 1 1\nEND_TAG\n\n"
            + record("r2", "c 2 1\n"),
        {"r1", "r2"}, {1, 1}, {1, 2});
    row("comment lines, version after the name",
        "# made by hand\n\nBEGIN_SEQUENCE r1 1\nBEGIN_DNA\nc 3 0\nEND_DNA\nEND_SEQUENCE\n# end", {"r1"}, {1}, {3});
    row("no records", "\n# nothing\n", {}, {}, {});
}

void Tst_phdreader::readsValidVariants()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArrayList, names);
    QFETCH(QList<int>, lengths);
    QFETCH(QList<int>, qualities);
    ParsedReads out;
    const std::optional<ReadError> error = parsePhd(text, out);
    QVERIFY2(!error, error ? qPrintable(describe(*error)) : "");
    QCOMPARE(out.reads.size(), std::size_t(names.size()));
    for (qsizetype i = 0; i < names.size(); ++i) {
        QCOMPARE(out.reads[std::size_t(i)].name, names[i]);
        QCOMPARE(out.reads[std::size_t(i)].length, std::size_t(lengths[i]));
    }
    QCOMPARE(QList<int>(out.qualities.begin(), out.qualities.end()), qualities);
}

void Tst_phdreader::rejectsMalformedFiles_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("line");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *name, const QByteArray &text, qint64 line, const QString &message) {
        QTest::newRow(name) << text << line << message;
    };

    // record("r", dna): BEGIN_SEQUENCE on line 1, BEGIN_DNA on line 10, DNA from line 11.
    const QByteArray good = record("r", "a 10 1\nc 11 2\n"); // 15 lines
    const auto dna = [](const QByteArray &second) { return record("r", "a 10 1\n" + second); };
    const QString notADnaLine = u"a DNA line holds a base, its quality and optionally its peak position, not '%1'"_s;
    row("quality not a number", dna("c x 2\n"), 12, u"quality 'x' is not a whole number"_s);
    row("quality a decimal", dna("c 1.5 2\n"), 12, u"quality '1.5' is not a whole number"_s);
    row("quality above 100", dna("c 101 2\n"), 12, u"quality 101 is above 100"_s);
    row("quality huge", dna("c 4242424242 2\n"), 12, u"quality 4242424242 is above 100"_s);
    row("quality negative", dna("c -3 2\n"), 12, u"quality -3 is negative"_s);
    row("peak not a number", dna("c 12 x\n"), 12, u"peak position 'x' is not a whole number"_s);
    row("base alone", dna("c\n"), 12, notADnaLine.arg(u"c"));
    row("four fields", dna("c 1 2 3\n"), 12, notADnaLine.arg(u"c 1 2 3"));
    row("two letters as base", dna("ca 1 2\n"), 12, u"'ca' is not a base"_s);
    row("NUL byte", dna("c 1\0 2\n"_ba), 12, u"binary data (NUL byte)"_s);
    row("END_DNA missing before END_SEQUENCE", "BEGIN_SEQUENCE r\nBEGIN_DNA\na 1 1\n\nEND_SEQUENCE\n", 5,
        u"END_SEQUENCE inside the DNA block opened on line 2: END_DNA is missing"_s);
    row("END_DNA missing before the next record", "BEGIN_SEQUENCE r\nBEGIN_DNA\na 1 1\n" + good, 4,
        u"BEGIN_SEQUENCE inside the DNA block opened on line 2: END_DNA is missing"_s);
    row("END_DNA missing at the end", "BEGIN_SEQUENCE r\nBEGIN_DNA\na 1 1\n", 2,
        u"END_DNA is missing: the file ends inside the DNA block opened on this line"_s);
    row("END_SEQUENCE missing at the end", good.chopped(13), 1,
        u"END_SEQUENCE is missing: the file ends inside the record opened on this line"_s);
    row("END_SEQUENCE missing before the next record", good.chopped(13) + good, 15,
        u"'BEGIN_SEQUENCE r' after END_DNA, where the record opened on line 1 needs "
        "END_SEQUENCE"_s);
    row("END_COMMENT missing", "BEGIN_SEQUENCE r\nBEGIN_COMMENT\nCHEM: term\nBEGIN_DNA\n", 4,
        u"BEGIN_DNA inside the comment block opened on line 2: END_COMMENT is missing"_s);
    row("file ends in the comment", "BEGIN_SEQUENCE r\nBEGIN_COMMENT\nCHEM: term\n", 2,
        u"END_COMMENT is missing: the file ends inside the comment block opened on this line"_s);
    row("no DNA block", "BEGIN_SEQUENCE r\nBEGIN_COMMENT\nEND_COMMENT\nEND_SEQUENCE\n", 4,
        u"the record opened on line 1 ends without a BEGIN_DNA block"_s);
    row("file ends before BEGIN_DNA", "BEGIN_SEQUENCE r\n\n", 1,
        u"the record opened on this line has no BEGIN_DNA block"_s);
    row("text before BEGIN_DNA", "BEGIN_SEQUENCE r\nCHEM: term\n", 2,
        u"'CHEM: term' where the record opened on line 1 needs BEGIN_COMMENT or BEGIN_DNA"_s);
    row("name missing", "BEGIN_SEQUENCE \nBEGIN_DNA\n", 1, u"BEGIN_SEQUENCE without a read name"_s);
    row("text outside a record", good + "a 10 1\n", 16,
        u"'a 10 1' outside a record; records start with BEGIN_SEQUENCE"_s);
    row("tag not closed", good + "BEGIN_TAG\nTYPE: comment\n", 16,
        u"END_TAG is missing: the file ends inside the tag opened on this line"_s);
    row("WR block not closed", good + "WR{\nname: x\n" + good, 18,
        u"BEGIN_SEQUENCE inside the WR{ block opened on line 16: '}' is missing"_s);
}

void Tst_phdreader::rejectsMalformedFiles()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, line);
    QFETCH(QString, message);
    ParsedReads out;
    const std::optional<ReadError> error = parsePhd(text, out);
    QVERIFY(error);
    QCOMPARE(error->message, message);
    QCOMPARE(error->line, line);
    QCOMPARE(error->offset, -1);
}

void Tst_phdreader::appendsAfterEarlierReads()
{
    ParsedReads out;
    QVERIFY(!parsePhd(record("r1", "a 1 1\nc 2 2\n"), out));
    QVERIFY(!parsePhd(QByteArray(record("r2", "g 3 1\n") + record("r3", "t 4 1\n")), out));
    QCOMPARE(out.reads.size(), std::size_t(3));
    QCOMPARE(out.reads[1].offset, std::size_t(2));
    QCOMPARE(out.reads[2].offset, std::size_t(3));
    QCOMPARE(qualitiesOf(out, 2), QList<int>{4});
}

// A file cut short is refused unless the cut falls between records, and then it reads as the
// records before the cut; random damage never crashes the reader.
void Tst_phdreader::survivesCutAndDamagedCopies()
{
    const QString path = u"bioperl/t/data/multi.phd"_s;
    QC_REQUIRE_SHARED(sharedDataPath(path));
    const QByteArray intact = sharedFileBytes(path);
    ParsedReads expected, out;
    QVERIFY(!parsePhd(intact, expected));
    QCOMPARE(expected.reads.size(), std::size_t(2));
    // Every cut near the end of a record, every 29th elsewhere (the parse is linear, the loop not).
    const qsizetype firstEnd = intact.indexOf("END_SEQUENCE");
    const qsizetype lastEnd = intact.lastIndexOf("END_SEQUENCE");
    const auto nearAnEnd = [&](qsizetype size) {
        return qAbs(size - firstEnd) < 200 || qAbs(size - lastEnd) < 200 || size < 200;
    };
    for (qsizetype size = 0; size < intact.size(); size += nearAnEnd(size) ? 1 : 29) {
        out.clear();
        if (parsePhd(intact.first(size), out))
            continue;
        QVERIFY2(out.reads.size() < 2 || size >= lastEnd + 12, qPrintable(u"cut to %1 bytes"_s.arg(size)));
        for (std::size_t i = 0; i < out.reads.size(); ++i)
            QCOMPARE(qualitiesOf(out, i), qualitiesOf(expected, i));
    }
    QRandomGenerator random(20240611);
    for (int i = 0; i < 1000; ++i) {
        QByteArray damaged = intact;
        for (int n = 1 + random.bounded(4); n > 0; --n)
            damaged[random.bounded(damaged.size())] = char(random.bounded(256));
        out.clear();
        if (!parsePhd(damaged, out))
            QVERIFY(std::ranges::all_of(out.qualities, [](int q) { return q <= 100; }));
    }
}

QTEST_GUILESS_MAIN(Tst_phdreader)
#include "tst_phdreader.moc"
