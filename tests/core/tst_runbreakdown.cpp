// The words about a run's speedup say what its own timeline shows: slower tasks, waiting workers,
// or time outside the tasks; and nothing when the run came close to the ideal.
#include "analysis/runbreakdown.h"

#include <QtTest>

namespace {

// Two engines; each runs `tasks` tasks of `taskMs`, `gapMs` apart, starting together.
qc::RunResult twoEngines(int tasks, double taskMs, double gapMs, double serialSeconds, double outsideMs = 0)
{
    qc::RunResult run;
    run.timing.mode = QStringLiteral("balanced");
    run.timing.engines = 2;
    run.timing.serialSeconds = serialSeconds;
    const qint64 t0 = 1'000'000;
    double end = 0;
    for (int engine = 1; engine <= 2; ++engine) {
        double at = 0;
        for (int i = 0; i < tasks; ++i) {
            run.tasks.append({quint64(engine * 100 + i), QStringLiteral("t1_1"), engine, 1000 + engine,
                              t0 + qint64(at * 1e3), t0 + qint64((at + taskMs) * 1e3)});
            at += taskMs + gapMs;
        }
        end = std::max(end, at - gapMs);
    }
    run.timing.wallSeconds = (end + outsideMs) / 1e3;
    return run;
}

} // namespace

class TestRunBreakdown : public QObject
{
    Q_OBJECT

private slots:
    void figuresComeFromTheTimeline()
    {
        const qc::RunBreakdown b = qc::breakDown(twoEngines(6, 20, 5, 0.120));
        QCOMPARE(b.engines, 2);
        QCOMPARE(b.meanTaskMs, 20.0);
        QCOMPARE(b.meanGapMs, 5.0);
        QCOMPARE(b.busyShare, 240.0 / (145.0 * 2)); // 12 tasks of 20 ms over 2 x 145 ms
        QCOMPARE(*b.workRatio, 0.240 / 0.120);
    }

    void nearIdealSaysNothing()
    {
        // 12 x 10 ms in parallel against 120 ms serially: 2x, 100 %.
        QCOMPARE(qc::explainSpeedup(twoEngines(6, 10, 0, 0.120), 2), QString());
    }

    void slowerTasksAreNamedNotTooLittleWork()
    {
        // Back to back, but each task took twice what it took in one process.
        const QString why = qc::explainSpeedup(twoEngines(6, 20, 0, 0.120), 2);
        QVERIFY2(why.contains(QStringLiteral("took 100 % longer in parallel")), qPrintable(why));
        QVERIFY2(!why.contains(QStringLiteral("too little work")), qPrintable(why));
        QVERIFY2(!why.contains(QStringLiteral("waited")), qPrintable(why));
    }

    void roundTripsAsLongAsTasksAreTooLittleWork()
    {
        const QString why = qc::explainSpeedup(twoEngines(6, 2, 2, 0.024), 2);
        QVERIFY2(why.contains(QStringLiteral("waited 45 % of the run (on average 2.0 ms between tasks of 2.0 ms): "
                                             "too little work per task")),
                 qPrintable(why));
        QVERIFY2(!why.contains(QStringLiteral("longer")), qPrintable(why));
    }

    void shortWaitsBetweenLongTasksAreNotTooLittleWork()
    {
        const QString why = qc::explainSpeedup(twoEngines(2, 100, 15, 0.400, 100), 2);
        QVERIFY2(why.contains(QStringLiteral("100 ms of the 315 ms went to handing out the tasks")), qPrintable(why));
        QVERIFY2(!why.contains(QStringLiteral("too little work")), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestRunBreakdown)
#include "tst_runbreakdown.moc"
