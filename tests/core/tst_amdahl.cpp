// The Amdahl fit, the "worth it" rule and the study's medians, on timings whose answer is known.
#include "analysis/amdahl.h"
#include "analysis/scalingresult.h"

#include <QtTest>

#include <cmath>

using namespace qc;

Q_DECLARE_METATYPE(QList<qc::SpeedupPoint>)
Q_DECLARE_METATYPE(qc::FitQuality)

namespace {

// Speedups exactly as Amdahl's law gives them for serial fraction f.
QList<SpeedupPoint> amdahlPoints(double f, const QList<int> &counts)
{
    QList<SpeedupPoint> points;
    for (const int n : counts)
        points.append({n, 1.0 / (f + (1.0 - f) / n)});
    return points;
}

ScalingPoint measured(int engines, const QList<double> &seconds)
{
    ScalingPoint point;
    point.engines = engines;
    point.wallSeconds = seconds;
    return point;
}

} // namespace

class TestAmdahl : public QObject
{
    Q_OBJECT

private slots:
    void fit_data()
    {
        QTest::addColumn<QList<SpeedupPoint>>("points");
        QTest::addColumn<double>("fraction");
        QTest::addColumn<double>("standardError"); // -1: none
        QTest::addColumn<FitQuality>("quality");

        // f = 0.1: speedups 1, 1/(0.1 + 0.45) = 1.818..., 1/(0.1 + 0.225) = 3.077..., 4.706...
        QTest::newRow("exact f = 0.1") << amdahlPoints(0.1, {1, 2, 4, 8}) << 0.1 << 0.0 << FitQuality::Good;
        QTest::newRow("exact f = 0 (perfect sharing)")
            << amdahlPoints(0.0, {1, 2, 3, 4}) << 0.0 << 0.0 << FitQuality::Good;
        QTest::newRow("exact f = 0.35") << amdahlPoints(0.35, {2, 3, 5}) << 0.35 << 0.0 << FitQuality::Good;
        // Noisy, by hand with x = 1 - 1/n and y = 1/S - 1/n:
        //   n = 2, S = 1.8: x = 1/2, y = 5/9 - 1/2  = 1/18
        //   n = 4, S = 3.0: x = 3/4, y = 1/3 - 1/4  = 1/12
        //   n = 8, S = 4.0: x = 7/8, y = 1/4 - 1/8  = 1/8
        //   sum(x y) = 1/36 + 1/16 + 7/64 = 115/576;  sum(x^2) = 1/4 + 9/16 + 49/64 = 101/64
        //   f = (115/576) / (101/64) = 115/909 = 0.126513
        //   residuals y - f x = -0.0077008, -0.0115512, +0.0143014; their squares sum to 0.00039726
        //   s^2 = 0.00039726 / (3 - 1) = 0.00019863;  se = sqrt(s^2 / (101/64)) = 0.011219
        // The one-engine point has x = 0 and changes nothing.
        QTest::newRow("noisy, by hand") << QList<SpeedupPoint>{{1, 1.0}, {2, 1.8}, {4, 3.0}, {8, 4.0}} << 115.0 / 909
                                        << 0.011219 << FitQuality::Good;
        // One point fits exactly and leaves no residual to estimate an error from:
        // x = 1/2, y = 1/1.5 - 1/2 = 1/6, f = 1/3.
        QTest::newRow("one point") << QList<SpeedupPoint>{{2, 1.5}} << 1.0 / 3 << -1.0 << FitQuality::Good;
        QTest::newRow("only one engine") << QList<SpeedupPoint>{{1, 0.97}} << 0.0 << -1.0 << FitQuality::TooFewPoints;
        // No gain at all: every y equals its x, so f = 1 exactly.
        QTest::newRow("all equal") << QList<SpeedupPoint>{{1, 1.0}, {2, 1.0}, {4, 1.0}} << 1.0 << 0.0
                                   << FitQuality::Good;
        // Faster than n times: f comes out negative and is held at 0.
        QTest::newRow("superlinear") << QList<SpeedupPoint>{{2, 2.2}, {4, 4.5}} << 0.0 << -2.0
                                     << FitQuality::Superlinear;
        // Slower than one process: f comes out above 1 and is held at 1.
        QTest::newRow("slower than serial")
            << QList<SpeedupPoint>{{2, 0.8}, {4, 0.79}} << 1.0 << -2.0 << FitQuality::SlowerThanSerial;
        QTest::newRow("speedup falls") << QList<SpeedupPoint>{{1, 1.0}, {2, 1.8}, {4, 1.2}} << -2.0 << -2.0
                                       << FitQuality::SpeedupFalls;
    }

    // -2 in a column: not checked (the row is about something else).
    void fit()
    {
        QFETCH(QList<SpeedupPoint>, points);
        QFETCH(double, fraction);
        QFETCH(double, standardError);
        QFETCH(FitQuality, quality);
        const AmdahlFit fit = fitAmdahl(points);
        QCOMPARE(fit.quality, quality);
        QVERIFY(fit.serialFraction >= 0 && fit.serialFraction <= 1);
        if (fraction != -2)
            QVERIFY2(std::abs(fit.serialFraction - fraction) < 1e-6,
                     qPrintable(QString::number(fit.serialFraction, 'g', 10)));
        if (standardError == -1)
            QVERIFY(!fit.standardError);
        else if (standardError != -2) {
            QVERIFY(fit.standardError);
            QVERIFY2(std::abs(*fit.standardError - standardError) < 1e-6,
                     qPrintable(QString::number(*fit.standardError, 'g', 10)));
        }
    }

    void predictsTheLaw()
    {
        const AmdahlFit fit = fitAmdahl(amdahlPoints(0.2, {2, 4}));
        QVERIFY(std::abs(fit.speedupAt(1) - 1.0) < 1e-12);
        QVERIFY(std::abs(fit.speedupAt(10) - 1.0 / (0.2 + 0.08)) < 1e-9);
    }

    void worthwhile_data()
    {
        QTest::addColumn<QList<SpeedupPoint>>("points");
        QTest::addColumn<int>("engines"); // 0: none

        // Efficiencies 1, 0.91, 0.77, 0.59: 8 engines fall below 70 %.
        QTest::newRow("f = 0.1") << amdahlPoints(0.1, {1, 2, 4, 8}) << 4;
        // Given out of order: the rule looks at them by engine count.
        QTest::newRow("unsorted") << QList<SpeedupPoint>{{4, 3.2}, {1, 1.0}, {2, 1.9}} << 4;
        // 5 engines keep 76 % efficiency but gain only 3.8 / 3.6 - 1 = 5.6 % over 4.
        QTest::newRow("gain too small") << QList<SpeedupPoint>{{1, 1.0}, {4, 3.6}, {5, 3.8}} << 4;
        QTest::newRow("all equal") << QList<SpeedupPoint>{{1, 1.0}, {2, 1.0}, {4, 1.0}} << 1;
        QTest::newRow("engines never pay") << QList<SpeedupPoint>{{1, 0.6}, {2, 0.9}} << 0;
        QTest::newRow("superlinear") << QList<SpeedupPoint>{{1, 1.0}, {2, 2.2}, {4, 4.5}} << 4;
    }

    void worthwhile()
    {
        QFETCH(QList<SpeedupPoint>, points);
        QFETCH(int, engines);
        QCOMPARE(worthwhileEngines(points).value_or(0), engines);
    }

    void medianOfRepeats()
    {
        QCOMPARE(median({3.0, 1.0, 2.0}), 2.0);
        QCOMPARE(median({4.0, 1.0, 2.0, 3.0}), 2.5);
        QCOMPARE(median({}), 0.0);
    }

    // Medians, speedups and efficiencies from the measured times, and words that follow from them.
    void completesAResult()
    {
        ScalingResult result;
        result.serialSeconds = {2.1, 2.0, 1.9};
        result.points = {measured(1, {2.2, 2.0, 2.4}), measured(2, {1.2, 1.0, 1.1}), measured(4, {0.9, 0.8, 0.85})};
        completeScalingResult(result);
        QCOMPARE(result.serialMedian, 2.0);
        QCOMPARE(result.points[0].medianSeconds, 2.2);
        QVERIFY(std::abs(result.points[1].speedup - 2.0 / 1.1) < 1e-12);
        QVERIFY(std::abs(result.points[1].efficiency - 1.0 / 1.1) < 1e-12);
        QVERIFY(std::abs(result.points[2].efficiency - 2.0 / 0.85 / 4) < 1e-12);
        // 4 engines: efficiency 0.59, so 2 engines (0.91, 1.82 / 0.91 = 2x the gain) is the count.
        QCOMPARE(result.worthwhile.value_or(0), 2);
        QVERIFY2(result.words.startsWith(u"2 engines are worth it: 1.82 times faster than the serial run"),
                 qPrintable(result.words));
        QVERIFY2(result.words.contains(u"4 engines would add 29 % more speed, but at 59 % efficiency"),
                 qPrintable(result.words));
        QVERIFY2(result.words.contains(describeFit(result.fit)), qPrintable(result.words));
    }

    // One engine is the count (the smallest counts on efficiency alone), but it is slower than
    // the serial run: the words say that more engines do not pay, not that one is "faster".
    void wordsWhenMoreEnginesDoNotPay()
    {
        ScalingResult result;
        result.serialSeconds = {1.0};
        result.points = {measured(1, {1.2}), measured(2, {1.15})};
        completeScalingResult(result);
        QCOMPARE(result.worthwhile.value_or(0), 1);
        QVERIFY2(
            result.words.startsWith(u"More engines do not pay here: 1 engine ran 0.83 times as fast as the serial run, "
                                    u"and 2 engines would add only 4 % more speed (the rule asks for 10 %)."),
            qPrintable(result.words));
    }

    void fitInWords()
    {
        AmdahlFit fit = fitAmdahl({{2, 1.8}, {4, 3.0}, {8, 4.0}});
        QCOMPARE(describeFit(fit), QStringLiteral("serial fraction f = 0.127 ± 0.011"));
        fit = fitAmdahl({{2, 1.5}});
        QCOMPARE(describeFit(fit), QStringLiteral("serial fraction f = 0.333 (from one engine count: no uncertainty)"));
    }
};

QTEST_GUILESS_MAIN(TestAmdahl)
#include "tst_amdahl.moc"
