// Position histograms and their summary statistics, against hand-computed values and
// numpy.percentile's default 'linear' method (reproduced with Python's statistics.quantiles
// method='inclusive', which interpolates the same way).
#include "stats/positionhistogram.h"
#include "stats/positionstats.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace qc;

namespace {

using Values = std::vector<std::uint8_t>;

PositionHistogram histogramOf(const std::vector<Values> &reads)
{
    PositionHistogram histogram;
    for (const Values &read : reads)
        histogram.addRead(read);
    return histogram;
}

// A single position holding exactly `values`, the way percentiles see one column of reads.
PositionHistogram columnOf(const Values &values)
{
    PositionHistogram histogram;
    for (std::uint8_t value : values)
        histogram.addRead(Values{value});
    return histogram;
}

} // namespace

class TestStatistics : public QObject
{
    Q_OBJECT

private slots:
    void addReadCountsPerPosition();
    void emptyReadAddsNothing();
    void mergeEqualsAddingAllReads_data();
    void mergeEqualsAddingAllReads();
    void packedRoundTrip_data();
    void packedRoundTrip();
    void packedIsLittleEndianPositionMajor();
    void malformedPackedIsRejected_data();
    void malformedPackedIsRejected();

    void percentiles_data();
    void percentiles();
    void percentileOfNothingIsNaN();
    void meanIsExact();
    void statsPerPosition();
    void statsAtAgreesWithPercentileFromBins_data();
    void statsAtAgreesWithPercentileFromBins();
    void emptyPositionHasNoStatistics();
};

void TestStatistics::addReadCountsPerPosition()
{
    const PositionHistogram h = histogramOf({{10, 20, 30}, {10, 25}, {0}});
    QCOMPARE(h.positionCount(), 3);
    QCOMPARE(h.count(0, 10), 2u);
    QCOMPARE(h.count(0, 0), 1u);
    QCOMPARE(h.count(1, 20), 1u);
    QCOMPARE(h.count(1, 25), 1u);
    QCOMPARE(h.count(2, 30), 1u);
    QCOMPARE(h.count(2, 10), 0u);
    QCOMPARE(h.totalValues(), std::uint64_t(6));
    QCOMPARE(h.bins(1).size(), std::size_t(kQualityBins));
}

void TestStatistics::emptyReadAddsNothing()
{
    PositionHistogram h;
    h.addRead(Values{});
    QVERIFY(h.isEmpty());
    QCOMPARE(h.positionCount(), 0);
    QCOMPARE(h.totalValues(), std::uint64_t(0));
}

void TestStatistics::mergeEqualsAddingAllReads_data()
{
    QTest::addColumn<std::vector<Values>>("first");
    QTest::addColumn<std::vector<Values>>("second");

    QTest::newRow("same lengths") << std::vector<Values>{{1, 2}, {3, 4}} << std::vector<Values>{{1, 9}};
    QTest::newRow("longer merged into shorter") << std::vector<Values>{{40}} << std::vector<Values>{{10, 20, 30, 100}};
    QTest::newRow("shorter merged into longer") << std::vector<Values>{{10, 20, 30, 100}} << std::vector<Values>{{0}};
    QTest::newRow("empty merged in") << std::vector<Values>{{5, 6}} << std::vector<Values>{};
    QTest::newRow("merged into empty") << std::vector<Values>{} << std::vector<Values>{{5, 6}};
}

void TestStatistics::mergeEqualsAddingAllReads()
{
    QFETCH(std::vector<Values>, first);
    QFETCH(std::vector<Values>, second);

    PositionHistogram merged = histogramOf(first);
    merged.merge(histogramOf(second));

    std::vector<Values> all = first;
    all.insert(all.end(), second.begin(), second.end());
    QVERIFY(merged == histogramOf(all));
}

void TestStatistics::packedRoundTrip_data()
{
    QTest::addColumn<std::vector<Values>>("reads");

    QTest::newRow("empty histogram") << std::vector<Values>{};
    QTest::newRow("one value") << std::vector<Values>{{0}};
    QTest::newRow("ragged reads, both ends of the range")
        << std::vector<Values>{{0, 100, 50}, {100}, {1, 2, 3, 4, 5, 6, 7}};
}

void TestStatistics::packedRoundTrip()
{
    QFETCH(std::vector<Values>, reads);

    const PositionHistogram original = histogramOf(reads);
    const QByteArray packed = original.toPacked();
    // Smaller than the raw counts (4 bytes for each of 101 bins), whatever the data.
    QVERIFY(packed.size() <= qsizetype(original.positionCount()) * (kQualityBins + 2));

    const std::optional<PositionHistogram> unpacked = PositionHistogram::fromPacked(packed);
    QVERIFY(unpacked.has_value());
    QVERIFY(*unpacked == original);
}

void TestStatistics::packedIsLittleEndianPositionMajor()
{
    // 300 = 0x12C is the varint ac 02 (low seven bits first), so byte order shows.
    PositionHistogram h;
    for (int i = 0; i < 300; ++i)
        h.addRead(Values{0, 5});
    h.addRead(Values{100});

    // Position 0: first bin 0, 101 bins (0 to 100), 300 at bin 0, 99 empty bins, 1 at bin 100.
    // Position 1: first bin 5, one bin, count 300.
    const QByteArray packed = h.toPacked();
    QCOMPARE(packed.left(2), QByteArray::fromHex("0065")); // first bin 0, 101 bins
    QCOMPARE(packed.mid(2, 2), QByteArray::fromHex("ac02")); // 300 values of 0
    QCOMPARE(packed.right(4), QByteArray::fromHex("0501ac02")); // position 1: bin 5, 1 bin, 300
}

void TestStatistics::malformedPackedIsRejected_data()
{
    QTest::addColumn<QByteArray>("packed");

    QTest::newRow("position cut after its first bin") << QByteArray::fromHex("05");
    QTest::newRow("fewer counts than bins") << QByteArray::fromHex("000301");
    QTest::newRow("bins past quality 100") << QByteArray::fromHex("640201");
    QTest::newRow("varint that never ends") << QByteArray::fromHex("0001ffffff");
    QTest::newRow("count over 32 bits") << QByteArray::fromHex("0001ffffffff7f");
}

void TestStatistics::malformedPackedIsRejected()
{
    QFETCH(QByteArray, packed);
    QVERIFY(!PositionHistogram::fromPacked(packed).has_value());
}

void TestStatistics::percentiles_data()
{
    QTest::addColumn<Values>("values");
    QTest::addColumn<double>("p10");
    QTest::addColumn<double>("q1");
    QTest::addColumn<double>("median");
    QTest::addColumn<double>("q3");
    QTest::addColumn<double>("p90");

    QTest::newRow("1 2 3 4") << Values{1, 2, 3, 4} << 1.3 << 1.75 << 2.5 << 3.25 << 3.7;
    QTest::newRow("single value") << Values{7} << 7.0 << 7.0 << 7.0 << 7.0 << 7.0;
    QTest::newRow("all equal") << Values{30, 30, 30, 30, 30} << 30.0 << 30.0 << 30.0 << 30.0 << 30.0;
    QTest::newRow("both ends of the range") << Values{0, 100} << 10.0 << 25.0 << 50.0 << 75.0 << 90.0;
    QTest::newRow("odd count") << Values{1, 3, 5, 7, 9} << 1.8 << 3.0 << 5.0 << 7.0 << 8.2;
    QTest::newRow("ties") << Values{10, 10, 20, 30, 40, 40, 40} << 10.0 << 15.0 << 30.0 << 40.0 << 40.0;
    QTest::newRow("nine values with ties")
        << Values{3, 8, 8, 15, 22, 22, 22, 35, 40} << 7.0 << 8.0 << 22.0 << 22.0 << 36.0;
    // Given out of order: a histogram does not care in which order reads arrive.
    QTest::newRow("twelve values, unsorted")
        << Values{40, 0, 38, 5, 13, 12, 27, 33, 38, 0, 39, 40} << 0.5 << 10.25 << 30.0 << 38.25 << 39.9;
}

void TestStatistics::percentiles()
{
    QFETCH(Values, values);
    QFETCH(double, p10);
    QFETCH(double, q1);
    QFETCH(double, median);
    QFETCH(double, q3);
    QFETCH(double, p90);

    const PositionHistogram h = columnOf(values);
    const auto bins = h.bins(0);
    const std::uint64_t n = values.size();
    QCOMPARE(percentileFromBins(bins, n, 0.10), p10);
    QCOMPARE(percentileFromBins(bins, n, 0.25), q1);
    QCOMPARE(percentileFromBins(bins, n, 0.50), median);
    QCOMPARE(percentileFromBins(bins, n, 0.75), q3);
    QCOMPARE(percentileFromBins(bins, n, 0.90), p90);

    const PositionStats stats = statsAt(h, 0);
    QCOMPARE(stats.p10, p10);
    QCOMPARE(stats.q1, q1);
    QCOMPARE(stats.median, median);
    QCOMPARE(stats.q3, q3);
    QCOMPARE(stats.p90, p90);
    QCOMPARE(stats.min, int(*std::min_element(values.begin(), values.end())));
    QCOMPARE(stats.max, int(*std::max_element(values.begin(), values.end())));
}

void TestStatistics::percentileOfNothingIsNaN()
{
    const std::vector<std::uint32_t> bins(kQualityBins, 0);
    QVERIFY(std::isnan(percentileFromBins(bins, 0, 0.5)));
}

void TestStatistics::meanIsExact()
{
    // Summed as integers and divided once: the mean equals the one division, to the last bit.
    PositionHistogram h = columnOf({1, 2, 2});
    QVERIFY(statsAt(h, 0).mean == 5.0 / 3.0);

    // A million 40s and one 0: adding up a running double mean would drift here.
    h = PositionHistogram();
    for (int i = 0; i < 1'000'000; ++i)
        h.addRead(Values{40});
    h.addRead(Values{0});
    const PositionStats stats = statsAt(h, 0);
    QCOMPARE(stats.count, std::uint64_t(1'000'001));
    QVERIFY(stats.mean == 40'000'000.0 / 1'000'001.0);
    QCOMPARE(stats.min, 0);
    QCOMPARE(stats.max, 40);
    QCOMPARE(stats.median, 40.0);
}

void TestStatistics::statsPerPosition()
{
    // Reads of different lengths: later positions are summarised over fewer values.
    const PositionHistogram h = histogramOf({{10, 20, 30}, {20, 40}, {30}});
    const std::vector<PositionStats> all = positionStats(h);
    QCOMPARE(all.size(), std::size_t(3));

    QCOMPARE(all[0].position, 1);
    QCOMPARE(all[0].count, std::uint64_t(3));
    QCOMPARE(all[0].mean, 20.0);
    QCOMPARE(all[0].min, 10);
    QCOMPARE(all[0].max, 30);
    QCOMPARE(all[0].median, 20.0);

    QCOMPARE(all[1].position, 2);
    QCOMPARE(all[1].count, std::uint64_t(2));
    QCOMPARE(all[1].mean, 30.0);
    QCOMPARE(all[1].q1, 25.0);
    QCOMPARE(all[1].p90, 38.0);

    QCOMPARE(all[2].position, 3);
    QCOMPARE(all[2].count, std::uint64_t(1));
    QCOMPARE(all[2].median, 30.0);

    QVERIFY(positionStats(PositionHistogram()).empty());
}

void TestStatistics::statsAtAgreesWithPercentileFromBins_data()
{
    QTest::addColumn<int>("shape");
    QTest::newRow("any quality") << 0;
    QTest::newRow("clustered, as in real reads") << 1;
    QTest::newRow("a few values per position") << 2;
    QTest::newRow("only both ends of the range") << 3;
    QTest::newRow("counts past 2^32") << 4;
}

// statsAt() finds all its numbers in one walk; percentileFromBins() and plain sums are the
// reference, to the last bit, at every position of random reads.
void TestStatistics::statsAtAgreesWithPercentileFromBins()
{
    QFETCH(int, shape);
    QRandomGenerator random(quint32(shape) + 7);
    PositionHistogram h;
    const int reads = shape == 2 ? 3 : shape == 4 ? 8 : 300;
    for (int r = 0; r < reads; ++r) {
        Values read(1 + random.bounded(60));
        const int centre = int(random.bounded(kQualityBins));
        for (std::uint8_t &value : read) {
            if (shape == 1)
                value = std::uint8_t(std::clamp(centre + int(random.bounded(7)) - 3, 0, kMaxQuality));
            else if (shape == 3)
                value = random.bounded(2) ? kMaxQuality : 0;
            else
                value = std::uint8_t(random.bounded(kQualityBins));
        }
        h.addRead(read);
    }
    if (shape == 4) { // each count times 2^30: up to eight values a position, up to 2^33 in all
        for (int i = 0; i < 30; ++i) {
            const PositionHistogram copy = h;
            h.merge(copy);
        }
    }
    for (int position = 0; position < h.positionCount(); ++position) {
        const auto bins = h.bins(position);
        std::uint64_t count = 0, sum = 0;
        int min = -1, max = -1;
        for (int q = 0; q < kQualityBins; ++q) {
            count += bins[std::size_t(q)];
            sum += std::uint64_t(bins[std::size_t(q)]) * std::uint64_t(q);
            if (bins[std::size_t(q)] != 0) {
                min = min < 0 ? q : min;
                max = q;
            }
        }
        const PositionStats stats = statsAt(h, position);
        QCOMPARE(stats.position, position + 1);
        QCOMPARE(stats.count, count);
        QVERIFY(stats.mean == double(sum) / double(count));
        QCOMPARE(stats.min, min);
        QCOMPARE(stats.max, max);
        const double fractions[] = {0.10, 0.25, 0.50, 0.75, 0.90};
        const double actual[] = {stats.p10, stats.q1, stats.median, stats.q3, stats.p90};
        for (int i = 0; i < 5; ++i) {
            const double expected = percentileFromBins(bins, count, fractions[i]);
            QVERIFY2(actual[i] == expected,
                     qPrintable(QStringLiteral("position %1, fraction %2: %3, not %4")
                                    .arg(position)
                                    .arg(fractions[i])
                                    .arg(actual[i], 0, 'g', 17)
                                    .arg(expected, 0, 'g', 17)));
        }
    }
}

void TestStatistics::emptyPositionHasNoStatistics()
{
    // A clear range that starts at position 3 leaves positions 0 to 2 empty.
    PositionHistogram h;
    h.addBasesAt(Values{40}, 3);
    QCOMPARE(h.positionCount(), 4);
    const PositionStats empty = statsAt(h, 1);
    QCOMPARE(empty.position, 2);
    QCOMPARE(empty.count, std::uint64_t(0));
    QVERIFY(empty.mean == 0 && empty.min == 0 && empty.max == 0 && empty.median == 0);
    QCOMPARE(statsAt(h, 3).median, 40.0);
}

QTEST_GUILESS_MAIN(TestStatistics)
#include "tst_statistics.moc"
