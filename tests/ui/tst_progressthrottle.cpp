// The window's progress: at most one update per interval, the newest counts, no status lost, and
// nothing shown after the run ended.
#include "panels/progressthrottle.h"

#include <QSignalSpy>
#include <QtTest>

class TestProgressThrottle : public QObject
{
    Q_OBJECT

private slots:
    void aBurstOfTasksIsOneUpdateWithEveryStatus()
    {
        qc::ProgressThrottle throttle(50);
        QSignalSpy progress(&throttle, &qc::ProgressThrottle::progress);
        QSignalSpy status(&throttle, &qc::ProgressThrottle::status);
        for (int done = 1; done <= 12; ++done)
            throttle.post(QStringLiteral("balanced"), done, 12, QStringLiteral("t%1_1").arg(done),
                          QStringLiteral("done"));
        QCOMPARE(progress.count(), 0); // nothing repaints per task
        QVERIFY(progress.wait(1000));
        QCOMPARE(progress.count(), 1);
        QCOMPARE(progress.first(), (QVariantList{QStringLiteral("balanced"), 12, 12}));
        QCOMPARE(status.count(), 12);
        QCOMPARE(status.last().first().toString(), QStringLiteral("t12_1"));
    }

    void aNewPhaseFirstShowsTheLastCountOfTheOneBefore()
    {
        qc::ProgressThrottle throttle(50);
        QSignalSpy progress(&throttle, &qc::ProgressThrottle::progress);
        throttle.post(QStringLiteral("balanced"), 11, 12);
        throttle.post(QStringLiteral("balanced"), 12, 12);
        throttle.post(QStringLiteral("serial"), 1, 12);
        QCOMPARE(progress.count(), 1);
        QCOMPARE(progress.first(), (QVariantList{QStringLiteral("balanced"), 12, 12}));
        QVERIFY(progress.wait(1000));
        QCOMPARE(progress.last(), (QVariantList{QStringLiteral("serial"), 1, 12}));
    }

    void nothingIsShownAfterTheRunEnded()
    {
        qc::ProgressThrottle throttle(20);
        QSignalSpy progress(&throttle, &qc::ProgressThrottle::progress);
        QSignalSpy status(&throttle, &qc::ProgressThrottle::status);
        throttle.post(QStringLiteral("balanced"), 3, 12, QStringLiteral("t1_1"), QStringLiteral("done"));
        throttle.discard(); // the run was cancelled: "cancelled" must not be overwritten by "done"
        QVERIFY(!progress.wait(200));
        QCOMPARE(status.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestProgressThrottle)
#include "tst_progressthrottle.moc"
