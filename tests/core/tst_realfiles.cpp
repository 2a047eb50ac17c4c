// Every one of the 686 real files of the shared reference data, through the same call the engines
// make (readQualityFile: format by content, gzip, every reader), against what Biopython, BioPerl
// and io_lib say of it (EXPECTED_SUMMARY.tsv), or rejected as the manifest says it must be.
// The readers' own tests check values position by position; this one checks that none is left out.
#include "formats/qualityfile.h"
#include "referencetables.h"

#include <QtTest>

#include <algorithm>
#include <numeric>

using namespace qc;
using namespace Qt::StringLiterals;

namespace {

using Row = ReferenceRow;

enum class Expect { Values, Rejected, ReadOrRejected };

struct Outcome
{
    std::optional<ReadError> error;
    ParsedReads reads;
};

Outcome readFile(const QString &relative)
{
    Outcome outcome;
    QByteArray buffer;
    outcome.error = readQualityFile(sharedDataPath(relative), outcome.reads, buffer);
    return outcome;
}

} // namespace

class TestRealFiles : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyFile_data();
    void everyFile();
    void compressedCopiesReadAsTheOriginal();

private:
    QList<Row> m_manifest;
    QHash<QString, Row> m_summary;
};

void TestRealFiles::initTestCase()
{
    QC_REQUIRE_SHARED(sharedDataPath(u"MANIFEST.tsv"_s));
    m_manifest = readReferenceTable(u"MANIFEST.tsv"_s);
    for (const Row &row : readReferenceTable(u"EXPECTED_SUMMARY.tsv"_s))
        m_summary.insert(row[u"file"_s], row);
    QCOMPARE(m_manifest.size(), 686);
    QCOMPARE(m_summary.size(), 522);
}

void TestRealFiles::everyFile_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<Expect>("expect");
    QTest::addColumn<QString>("why");

    for (const Row &entry : std::as_const(m_manifest)) {
        const QString file = entry[u"file"_s];
        const QString what = entry[u"what_it_is"_s];
        Expect expect = Expect::ReadOrRejected;
        QString why = what;
        if (m_summary.contains(file)) {
            const Row &summary = m_summary[file];
            const QString kind = summary[u"kind"_s];
            if (readableAsSummarised(summary))
                expect = Expect::Values, why = kind + u" (" + summary[u"trust"_s] + u')';
            else
                expect = Expect::Rejected, why = kind + u": Phred+64 or Solexa, no qualities, or malformed"_s;
        } else if (what.startsWith(u"MALFORMED FASTQ"_s) || what.startsWith(u"EDGE: ABIF fragment-analysis"_s)) {
            expect = Expect::Rejected;
        }
        // Everything else (scikit-bio's .qual variants, which tst_qualreader checks rule by rule,
        // companion sequence files, notes) may be read or rejected, but never without a reason.
        QTest::newRow(qPrintable(file)) << file << expect << why;
    }
}

void TestRealFiles::everyFile()
{
    QFETCH(QString, file);
    QFETCH(Expect, expect);
    QFETCH(QString, why);
    QC_REQUIRE_SHARED(sharedDataPath(file));

    const Outcome outcome = readFile(file);
    if (outcome.error) {
        QVERIFY2(expect != Expect::Values,
                 qPrintable(u"rejected, though it should be read (%1): %2"_s.arg(why, outcome.error->message)));
        QVERIFY2(!outcome.error->message.isEmpty(), "a rejection without a reason");
        return;
    }
    QVERIFY2(expect != Expect::Rejected, qPrintable(u"read, though it must be rejected: "_s + why));
    if (expect != Expect::Values)
        return;

    const Row &summary = m_summary[file];
    const ParsedReads &reads = outcome.reads;
    const std::vector<std::uint8_t> &values = reads.qualities;
    QCOMPARE(qsizetype(reads.reads.size()), summary[u"n_records"_s].toLongLong());
    QCOMPARE(qsizetype(values.size()), summary[u"n_quality_values"_s].toLongLong());
    if (values.empty())
        return;
    const auto [lowest, highest] = std::minmax_element(values.begin(), values.end());
    QCOMPARE(int(*lowest), summary[u"min"_s].toInt());
    QCOMPARE(int(*highest), summary[u"max"_s].toInt());
    const auto atLeast20 = std::count_if(values.begin(), values.end(), [](std::uint8_t q) { return q >= 20; });
    QCOMPARE(qint64(atLeast20), summary[u"n_ge_20"_s].toLongLong());
    const double mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
    // The summary prints four decimals.
    QVERIFY2(std::abs(mean - summary[u"mean_quality"_s].toDouble()) < 0.00005,
             qPrintable(u"mean %1, expected %2"_s.arg(mean).arg(summary[u"mean_quality"_s])));
}

void TestRealFiles::compressedCopiesReadAsTheOriginal()
{
    const Outcome original = readFile(u"biopython/Tests/Quality/example.fastq"_s);
    QVERIFY2(!original.error, qPrintable(original.error ? original.error->message : QString()));
    int compared = 0;
    for (const Row &entry : std::as_const(m_manifest)) {
        if (!entry[u"what_it_is"_s].startsWith(u"compressed copy of example.fastq"_s))
            continue;
        const Outcome copy = readFile(entry[u"file"_s]);
        QVERIFY2(!copy.error, qPrintable(entry[u"file"_s] + u": "_s + (copy.error ? copy.error->message : QString())));
        QCOMPARE(copy.reads.qualities, original.reads.qualities);
        QCOMPARE(copy.reads.reads.size(), original.reads.reads.size());
        QCOMPARE(QByteArray(copy.reads.format), "fastq"_ba);
        ++compared;
    }
    QCOMPARE(compared, 3);
}

QTEST_GUILESS_MAIN(TestRealFiles)
#include "tst_realfiles.moc"
