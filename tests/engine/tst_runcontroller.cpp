// What the desktop app relies on: engines started on demand, the serial comparison, and cancel.
#include "cluster/localcluster.h"
#include "cluster/runcontroller.h"
#include "demo/demodata.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "envguard.h"

using namespace qc;

class TestRunController : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_data;
    QList<Sample> m_samples;

private slots:
    void initTestCase()
    {
        qRegisterMetaType<RunResult>();
        DemoOptions options;
        options.readsPerFolder = 12;
        QVERIFY(!writeDemoData(m_data.path(), options));
        QStringList problems;
        m_samples = discoverSamples({m_data.path()}, &problems);
        QCOMPARE(m_samples.size(), 12);
    }

    void startsEnginesOnDemandAndComparesWithSerial()
    {
        LocalCluster cluster(nullptr, QStringLiteral(ENGINE_PATH));
        RunController controller(&cluster);
        QSignalSpy finished(&controller, &RunController::runFinished);
        controller.run(m_samples, RunMode::Balanced, 2, true);
        QVERIFY(finished.wait(30000));
        const auto result = finished.first().first().value<RunResult>();
        QCOMPARE(cluster.connectedCount(), 2);
        QVERIFY(result.timing.serialSeconds.has_value());
        QVERIFY(result.timing.startupSeconds > 0);
        QCOMPARE(result.samples.size(), 12);
        QCOMPARE(result.samples.first().reads, 12);
    }

    void cancelLeavesTheClusterReadyForTheNextRun()
    {
        LocalCluster slow(nullptr, QStringLiteral(ENGINE_PATH));
        RunController controller(&slow);
        QSignalSpy started(&controller, &RunController::progress);
        QSignalSpy cancelled(&controller, &RunController::runCancelled);
        QSignalSpy finished(&controller, &RunController::runFinished);
        {
            // Slow engines, so that the run is surely still going when it is cancelled. Only the
            // engines started here are slow: later tests get the environment as it was.
            const EnvGuard slowEngines("QUALCLUSTER_FAILPOINTS", "engine.slow_task_ms=400");
            controller.run(m_samples, RunMode::Balanced, 2, false);
            QVERIFY(started.wait(30000));
            controller.cancel();
            QCOMPARE(cancelled.size(), 1);
            QVERIFY(!controller.isRunning());
        }

        // The same engines finish what they held, then take the next run; nothing of the
        // cancelled run leaks into it.
        controller.run(m_samples.mid(0, 2), RunMode::Balanced, 2, false);
        QVERIFY(finished.wait(30000));
        const auto result = finished.first().first().value<RunResult>();
        QCOMPARE(result.samples.size(), 2);
        QCOMPARE(result.samples[0].reads, 12);
        QCOMPARE(result.samples[1].reads, 12);
    }

    void refusesToRunWithoutFolders()
    {
        LocalCluster cluster(nullptr, QStringLiteral(ENGINE_PATH));
        RunController controller(&cluster);
        QSignalSpy failed(&controller, &RunController::runFailed);
        controller.run({}, RunMode::Balanced, 2, false);
        QCOMPARE(failed.size(), 1);
        QVERIFY(!cluster.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestRunController)
#include "tst_runcontroller.moc"
