// Per-read QC numbers (QV20+, CRL, Mott clear range, trace score) and the folder summary: small
// hand-computed cases, then real reads against seqtk trimfq and the shared reference counts.
#include "formats/qualreader.h"
#include "qc/folderqc.h"
#include "qc/readqc.h"
#include "shareddata.h"

#include <QFile>
#include <QtTest>

#include <algorithm>
#include <vector>

using namespace qc;

namespace qc {
// Lets QCOMPARE print both ranges when they differ.
char *toString(const ClearRange &range)
{
    return QTest::toString(QStringLiteral("[%1, %2)").arg(range.start).arg(range.end));
}
} // namespace qc

namespace {

using Qualities = std::vector<std::uint8_t>;

// Runs of equal qualities, e.g. quals({{40, 10}, {0, 5}}) is ten 40s then five 0s.
Qualities quals(std::initializer_list<std::pair<int, int>> runs)
{
    Qualities out;
    for (const auto &[quality, count] : runs)
        out.insert(out.end(), std::size_t(count), std::uint8_t(quality));
    return out;
}

Qualities fromList(const QList<int> &values)
{
    Qualities out;
    for (int v : values)
        out.push_back(std::uint8_t(v));
    return out;
}

QList<int> toList(const Qualities &values)
{
    return QList<int>(values.begin(), values.end());
}

ReadQc readWith(int length, int qv20, int crl)
{
    ReadQc read;
    read.length = length;
    read.qv20 = qv20;
    read.crl = crl;
    return read;
}

// Reads a shared .qual file through the project's reader; false when it cannot be read or parsed.
bool loadQual(const QString &relative, ParsedReads &out)
{
    QFile file(sharedDataPath(relative));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    return !parseQual(file.readAll(), out).has_value();
}

} // namespace

class Tst_readqc : public QObject
{
    Q_OBJECT

private slots:
    void mottClearRange_data();
    void mottClearRange();
    void contiguousReadLength_data();
    void contiguousReadLength();
    void computeReadQc_data();
    void computeReadQc();
    void summarizeFolder_data();
    void summarizeFolder();
    void realReadsAgainstSeqtk_data();
    void realReadsAgainstSeqtk();
    void realFilesMatchReference_data();
    void realFilesMatchReference();
};

// Per-base scores at cutoff 0.05: Q40 +0.0499, Q30 +0.049, Q20 +0.04, Q14 +0.0102,
// Q13 -0.0001, Q10 -0.05, Q5 -0.266, Q0 -0.95.
void Tst_readqc::mottClearRange_data()
{
    QTest::addColumn<QList<int>>("qualities");
    QTest::addColumn<double>("cutoff");
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("end");

    QTest::newRow("empty read") << QList<int>{} << 0.05 << 0 << 0;
    QTest::newRow("all low: nothing kept") << toList(quals({{10, 30}})) << 0.05 << 0 << 0;
    QTest::newRow("Q13 scores just below zero") << QList<int>{13, 13, 13} << 0.05 << 0 << 0;
    QTest::newRow("Q14 scores just above zero") << QList<int>{13, 14, 13} << 0.05 << 1 << 2;
    QTest::newRow("all high: everything kept") << toList(quals({{40, 25}})) << 0.05 << 0 << 25;
    QTest::newRow("low ends trimmed") << QList<int>{2, 2, 30, 40, 20, 10, 2} << 0.05 << 2 << 5;
    // Both single Q40 bases score +0.0499; the gap costs far more, so they stay apart.
    QTest::newRow("tie: the first stretch wins") << QList<int>{40, 0, 0, 0, 40} << 0.05 << 0 << 1;
    QTest::newRow("tie after a restart") << QList<int>{0, 30, 0, 0, 30} << 0.05 << 1 << 2;
    // Ten Q40 (+0.499) outweigh one Q5 (-0.266): the dip is bridged.
    QTest::newRow("short dip bridged") << toList(quals({{40, 10}, {5, 1}, {40, 10}})) << 0.05 << 0 << 21;
    // Five Q0 (-4.75) cost more than either side gains: the longer side wins.
    QTest::newRow("deep dip splits, longer side kept")
        << toList(quals({{40, 10}, {0, 5}, {40, 20}})) << 0.05 << 15 << 35;
    QTest::newRow("quality above 100 counts as 100") << QList<int>{255, 0, 0} << 0.05 << 0 << 1;
    // At cutoff 0.5, Q3 (error 0.501) scores below zero and Q4 (0.398) above.
    QTest::newRow("cutoff 0.5") << QList<int>{3, 4, 4, 3} << 0.5 << 1 << 3;
}

void Tst_readqc::mottClearRange()
{
    QFETCH(QList<int>, qualities);
    QFETCH(double, cutoff);
    QFETCH(int, start);
    QFETCH(int, end);
    const Qualities q = fromList(qualities);
    QCOMPARE(qc::mottClearRange(q, cutoff), (ClearRange{start, end}));
}

// CRL's average for base i is the mean of bases i-20..i+20 that exist; it must be >= 20.
void Tst_readqc::contiguousReadLength_data()
{
    QTest::addColumn<QList<int>>("qualities");
    QTest::addColumn<int>("crl");

    QTest::newRow("empty read") << QList<int>{} << 0;
    QTest::newRow("all low") << toList(quals({{10, 50}})) << 0;
    QTest::newRow("all high") << toList(quals({{30, 50}})) << 50;
    // Shorter than the window: every base averages the whole read.
    QTest::newRow("mean exactly 20 counts") << QList<int>{10, 30} << 2;
    QTest::newRow("mean 19.5 does not") << QList<int>{10, 29} << 0;
    // Base 99's window (79..119) holds 21 Q40 and 20 Q0: 840/41 >= 20. Every dip base sees at
    // most 20 Q40 bases, so both sides are runs of their own: [0, 100) and [130, 190).
    QTest::newRow("deep dip in the middle splits the read") << toList(quals({{40, 100}, {0, 30}, {40, 60}})) << 100;
    // A 5-base dip leaves at least 36 Q40 in every window: one run over the whole read.
    QTest::newRow("short dip smoothed over") << toList(quals({{40, 50}, {0, 5}, {40, 50}})) << 105;
    // Clipped window at the start: base 0 averages bases 0..20 (9 Q40 of 21: 17.1), base 3
    // bases 0..23 (12 Q40 of 24: exactly 20). Dividing by 41 throughout would lose 20 more bases.
    QTest::newRow("window clipped at the start") << toList(quals({{0, 12}, {40, 100}})) << 109;
    QTest::newRow("same at the end") << toList(quals({{40, 100}, {0, 12}})) << 109;
}

void Tst_readqc::contiguousReadLength()
{
    QFETCH(QList<int>, qualities);
    QFETCH(int, crl);
    const Qualities q = fromList(qualities);
    QCOMPARE(qc::contiguousReadLength(q), crl);
}

void Tst_readqc::computeReadQc_data()
{
    QTest::addColumn<QList<int>>("qualities");
    QTest::addColumn<int>("length");
    QTest::addColumn<double>("mean");
    QTest::addColumn<int>("qv20");
    QTest::addColumn<int>("crl");
    QTest::addColumn<int>("clearStart");
    QTest::addColumn<int>("clearEnd");
    QTest::addColumn<double>("traceScore");

    QTest::newRow("empty read") << QList<int>{} << 0 << 0.0 << 0 << 0 << 0 << 0 << 0.0;
    // Mean 8 (all low): nothing kept, so the trace score is 0, not a mean of nothing.
    QTest::newRow("all low") << QList<int>{5, 10, 13, 4} << 4 << 8.0 << 0 << 0 << 0 << 0 << 0.0;
    QTest::newRow("all high") << toList(quals({{30, 25}})) << 25 << 30.0 << 25 << 25 << 0 << 25 << 30.0;
    // Sum 106 over 7 bases; Q20 counts for QV20+; clear range 30 40 20 (sum 90).
    QTest::newRow("trimmed ends") << QList<int>{2, 2, 30, 40, 20, 10, 2} << 7 << 106.0 / 7 << 3 << 0 << 2 << 5 << 30.0;
    // The 5 Q0 split both the clear range and CRL; QV20+ still counts both sides.
    QTest::newRow("dip") << toList(quals({{40, 10}, {0, 5}, {40, 20}})) << 35 << 1200.0 / 35 << 30 << 35 << 15 << 35
                         << 40.0;
}

void Tst_readqc::computeReadQc()
{
    QFETCH(QList<int>, qualities);
    QFETCH(double, mean);
    QFETCH(double, traceScore);
    const ReadQc read = qc::computeReadQc(fromList(qualities));
    QTEST(read.length, "length");
    QCOMPARE(read.mean, mean);
    QTEST(read.qv20, "qv20");
    QTEST(read.crl, "crl");
    QTEST(read.clear.start, "clearStart");
    QTEST(read.clear.end, "clearEnd");
    QCOMPARE(read.trimmedLength(), read.clear.length());
    QCOMPARE(read.traceScore, traceScore);
}

void Tst_readqc::summarizeFolder_data()
{
    QTest::addColumn<QList<ReadQc>>("reads");
    QTest::addColumn<int>("minQv20");
    QTest::addColumn<FolderQc>("expected");

    const auto summary = [](qint64 reads, qint64 failed, int minQv20, double length, double qv20, double crl) {
        return FolderQc{reads, failed, minQv20, length, qv20, crl};
    };
    QTest::newRow("no reads") << QList<ReadQc>{} << kDefaultMinQv20 << summary(0, 0, kDefaultMinQv20, 0, 0, 0);
    QTest::newRow("one read") << QList<ReadQc>{readWith(700, 650, 600)} << kDefaultMinQv20
                              << summary(1, 0, kDefaultMinQv20, 700, 650, 600);
    // Unsorted on purpose; each median is the middle value.
    QTest::newRow("odd count") << QList<ReadQc>{readWith(300, 250, 20), readWith(100, 99, 0), readWith(200, 100, 180)}
                               << kDefaultMinQv20 << summary(3, 1, kDefaultMinQv20, 200, 100, 20);
    // Even count: the mean of the two middle values, as numpy.median gives.
    QTest::newRow("even count") << QList<ReadQc>{readWith(400, 350, 301), readWith(100, 0, 0), readWith(300, 250, 201),
                                                 readWith(200, 150, 100)}
                                << kDefaultMinQv20 << summary(4, 1, kDefaultMinQv20, 250, 200, 150.5);
    QTest::newRow("even count with equal middles")
        << QList<ReadQc>{readWith(5, 5, 5), readWith(5, 5, 5), readWith(1, 1, 1), readWith(9, 9, 9)} << 6
        << summary(4, 3, 6, 5, 5, 5);
    // A read with QV20+ equal to the threshold passes; one fewer fails.
    QTest::newRow("custom threshold") << QList<ReadQc>{readWith(60, 50, 40), readWith(60, 49, 40)} << 50
                                      << summary(2, 1, 50, 60, 49.5, 40);
}

void Tst_readqc::summarizeFolder()
{
    QFETCH(QList<ReadQc>, reads);
    QFETCH(int, minQv20);
    QFETCH(FolderQc, expected);
    const FolderQc got = qc::summarizeFolder(reads, minQv20);
    QCOMPARE(got.reads, expected.reads);
    QCOMPARE(got.failedReads, expected.failedReads);
    QCOMPARE(got.minQv20, expected.minQv20);
    QCOMPARE(got.medianLength, expected.medianLength);
    QCOMPARE(got.medianQv20, expected.medianQv20);
    QCOMPARE(got.medianCrl, expected.medianCrl);
}

// Real reads from the shared .qual files. The clear ranges were produced by seqtk 1.3-r106,
// `seqtk trimfq -q 0.05 -l 1`, on these reads written as FASTQ (see the header of
// mottClearRange for the options). CRL and the trace score come from a direct per-base
// evaluation of the definitions in Python, independent of this code.
void Tst_readqc::realReadsAgainstSeqtk_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<int>("length");
    QTest::addColumn<int>("clearStart");
    QTest::addColumn<int>("clearEnd");
    QTest::addColumn<int>("crl");
    QTest::addColumn<double>("traceScore");

    const QString qualfile = QStringLiteral("bioperl/t/data/qualfile.qual");
    const QByteArray contig = "Run_SRC3700_2001-03-02_53+54.fasta.screen.Contig";
    QTest::newRow("lucy TaLr1010B10R") << QStringLiteral("bioperl/t/data/lucy.qual") << QByteArray("TaLr1010B10R")
                                       << 1060 << 10 << 577 << 535 << 38.248677;
    QTest::newRow("qualfile Contig1") << qualfile << contig + '1' << 484 << 72 << 484 << 410 << 46.371359;
    QTest::newRow("qualfile Contig2") << qualfile << contig + '2' << 707 << 23 << 681 << 641 << 36.575988;
    QTest::newRow("qualfile Contig3") << qualfile << contig + '3' << 826 << 0 << 633 << 441 << 48.063191;
    QTest::newRow("qualfile Contig5") << qualfile << contig + '5' << 603 << 34 << 602 << 570 << 60.933099;
    QTest::newRow("dbqual 17601991") << QStringLiteral("bioperl/t/data/dbqual/3.qual") << QByteArray("17601991") << 113
                                     << 6 << 113 << 113 << 27.018692;
    // Deliberate difference: seqtk scores Q 0..2 as Q 3 and keeps [0, 90). Here the Q1 at
    // base 74 costs 0.74 (as Q3: 0.45); bases 75..89 earn back only 0.72, so the range ends at 74.
    QTest::newRow("dbqual 17601985, Q1 not raised to Q3")
        << QStringLiteral("bioperl/t/data/dbqual/2.qual") << QByteArray("17601985") << 101 << 0 << 74 << 101
        << 27.162162;
}

void Tst_readqc::realReadsAgainstSeqtk()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, name);
    QFETCH(double, traceScore);
    QC_REQUIRE_SHARED(sharedDataPath(file));
    ParsedReads parsed;
    QVERIFY2(loadQual(file, parsed), qPrintable(file));
    const auto record =
        std::find_if(parsed.reads.begin(), parsed.reads.end(), [&](const ReadRecord &r) { return r.name == name; });
    QVERIFY2(record != parsed.reads.end(), name.constData());

    const ReadQc read = qc::computeReadQc(parsed.qualitiesOf(*record));
    QTEST(read.length, "length");
    QTEST(read.clear.start, "clearStart");
    QTEST(read.clear.end, "clearEnd");
    QTEST(read.crl, "crl");
    // The reference values are rounded to 6 decimals.
    QVERIFY2(qAbs(read.traceScore - traceScore) < 1e-6, qPrintable(QString::number(read.traceScore, 'f', 6)));
}

// Reads, bases and QV20+ summed over a file equal n_records, n_quality_values and n_ge_20 in
// EXPECTED_SUMMARY.tsv (Biopython and BioPerl agree on every quality there); the median length
// is worked out by hand from the read lengths.
void Tst_readqc::realFilesMatchReference_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("reads");
    QTest::addColumn<int>("bases");
    QTest::addColumn<int>("qv20");
    QTest::addColumn<double>("medianLength");

    QTest::newRow("lucy") << QStringLiteral("bioperl/t/data/lucy.qual") << 1 << 1060 << 535 << 1060.0;
    // Lengths 484 572 599 603 | 686 707 710 826.
    QTest::newRow("qualfile") << QStringLiteral("bioperl/t/data/qualfile.qual") << 8 << 5187 << 4661 << 644.5;
    // Lengths 92 95 101 101 112.
    QTest::newRow("dbqual 2") << QStringLiteral("bioperl/t/data/dbqual/2.qual") << 5 << 501 << 457 << 101.0;
    // Lengths 219 221 261 265 269 | 271 278 281 299 310.
    QTest::newRow("roche 454") << QStringLiteral("biopython/Tests/Roche/E3MFGYR02_random_10_reads_no_trim.qual") << 10
                               << 2674 << 2325 << 270.0;
}

void Tst_readqc::realFilesMatchReference()
{
    QFETCH(QString, file);
    QC_REQUIRE_SHARED(sharedDataPath(file));
    ParsedReads parsed;
    QVERIFY2(loadQual(file, parsed), qPrintable(file));
    std::vector<ReadQc> reads;
    int bases = 0;
    int qv20 = 0;
    for (const ReadRecord &record : parsed.reads) {
        reads.push_back(qc::computeReadQc(parsed.qualitiesOf(record)));
        bases += reads.back().length;
        qv20 += reads.back().qv20;
    }
    QTEST(int(reads.size()), "reads");
    QTEST(bases, "bases");
    QTEST(qv20, "qv20");
    const FolderQc summary = qc::summarizeFolder(reads);
    QCOMPARE(summary.reads, qint64(reads.size()));
    QTEST(summary.medianLength, "medianLength");
}

QTEST_GUILESS_MAIN(Tst_readqc)
#include "tst_readqc.moc"
