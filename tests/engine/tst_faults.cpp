// Whatever happens to an engine, every other result is delivered, exact, and nothing is left behind.
// Faults come from the engine's failpoints (QUALCLUSTER_FAILPOINTS) and from outside (SIGKILL).
#include "cluster/analysisrun.h"
#include "cluster/enginehandle.h"
#include "cluster/localcluster.h"
#include "demo/demodata.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "processes.h"

#include <csignal>

using namespace qc;

namespace {

int liveEngines(const LocalCluster &cluster)
{
    int live = 0;
    for (const EngineInfo &engine : cluster.engines())
        live += engine.state == EngineState::Idle || engine.state == EngineState::Busy;
    return live;
}

QStringList stateTexts(const LocalCluster &cluster)
{
    QStringList texts;
    for (const EngineInfo &engine : cluster.engines())
        texts.append(engine.stateText());
    return texts;
}

// Sets the engines' failpoints for the life of one test; engines read them when they start.
struct Failpoints
{
    explicit Failpoints(const QByteArray &spec) { qputenv("QUALCLUSTER_FAILPOINTS", spec); }
    ~Failpoints() { qunsetenv("QUALCLUSTER_FAILPOINTS"); }
};

} // namespace

class TestFaults : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_data;
    QList<Sample> m_samples;
    RunResult m_clean;

    RunResult runOn(LocalCluster &cluster, const QList<Sample> &samples, AnalysisRun **running = nullptr)
    {
        AnalysisRun run(RunMode::Balanced, samples, planTasks(samples, 2), &cluster, 2);
        if (running)
            *running = &run;
        QSignalSpy finished(&run, &AnalysisRun::finished);
        run.start();
        if (finished.isEmpty() && !finished.wait(60000))
            return {};
        return finished.first().first().value<RunResult>();
    }

    void compareWithClean(const RunResult &run)
    {
        QCOMPARE(run.samples.size(), m_clean.samples.size());
        for (qsizetype i = 0; i < run.samples.size(); ++i) {
            QVERIFY2(run.samples[i].histogram == m_clean.samples[i].histogram, qPrintable(run.samples[i].sample.name));
            QCOMPARE(run.samples[i].reads, m_clean.samples[i].reads);
            QVERIFY(run.samples[i].errors.isEmpty());
        }
    }

    bool startAndWait(LocalCluster &cluster, int engines)
    {
        QSignalSpy ready(&cluster, &LocalCluster::ready);
        return cluster.start(engines) && ready.wait(20000);
    }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<RunResult>();
        DemoOptions options;
        options.readsPerFolder = 10;
        QVERIFY(!writeDemoData(m_data.path(), options));
        QStringList problems;
        m_samples = discoverSamples({m_data.path()}, &problems);
        AnalysisRun serial(RunMode::Serial, m_samples, planTasks(m_samples, 1), nullptr, 1);
        QSignalSpy finished(&serial, &AnalysisRun::finished);
        serial.start();
        QVERIFY(finished.wait(30000));
        m_clean = finished.first().first().value<RunResult>();
    }

    void crashedEnginesAreReplacedAndTheirTasksRequeued()
    {
        // One engine at a time, so that a lost task always goes to a fresh replacement: with two,
        // the other engine could be just as close to its crash, lose the same task a second time,
        // and rightly give it up as poison.
        const Failpoints faults("engine.crash_after_tasks=4");
        LocalCluster cluster(nullptr, QStringLiteral(ENGINE_PATH));
        QVERIFY(startAndWait(cluster, 1));
        compareWithClean(runOn(cluster, m_samples));
        QVERIFY(stateTexts(cluster).contains(QStringLiteral("killed by signal 9")));
        QTRY_COMPARE(liveEngines(cluster), 1); // a replacement took its place
    }

    void engineKilledFromOutsideLosesNothing()
    {
        const Failpoints faults("engine.slow_task_ms=150");
        LocalCluster cluster(nullptr, QStringLiteral(ENGINE_PATH));
        QVERIFY(startAndWait(cluster, 2));
        qint64 victim = 0;
        QTimer::singleShot(250, &cluster, [&] {
            victim = cluster.engines().first().pid;
            ::kill(pid_t(victim), SIGKILL);
        });
        compareWithClean(runOn(cluster, m_samples));
        QVERIFY(victim > 0 && !processAlive(victim));
        QVERIFY(stateTexts(cluster).contains(QStringLiteral("killed by signal 9")));
    }

    void hungEngineIsKilledAndReplaced()
    {
        // One engine hangs on its second task; its replacement does that task, hangs on the next,
        // and so on: each task is lost once at most, so every one is delivered.
        const Failpoints faults("engine.hang_after_tasks=1");
        LocalCluster cluster(nullptr, QStringLiteral(ENGINE_PATH));
        QVERIFY(startAndWait(cluster, 1));
        QElapsedTimer clock;
        clock.start();
        const RunResult run = runOn(cluster, m_samples.mid(0, 3));
        QCOMPARE(run.samples.size(), 3);
        for (qsizetype i = 0; i < 3; ++i) {
            QVERIFY(run.samples[i].histogram == m_clean.samples[i].histogram);
        }
        QVERIFY(clock.elapsed() >= 2000); // noticed by the missing heartbeat, not before
        QVERIFY(stateTexts(cluster).contains(QStringLiteral("killed by signal 9")));
    }

    void poisonTaskFailsAfterTwoTriesAndTheRestIsDelivered()
    {
        // One folder holds a file that kills every engine that reads it.
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("t9_9"))));
        QFile::copy(m_samples[0].files[0], dir.filePath(QStringLiteral("t9_9/poison.qual")));
        QStringList problems;
        QList<Sample> samples = discoverSamples({dir.filePath(QStringLiteral("t9_9"))}, &problems);
        samples.append(m_samples.mid(0, 4));

        const Failpoints faults("engine.crash_on_file=poison");
        LocalCluster cluster(nullptr, QStringLiteral(ENGINE_PATH));
        QVERIFY(startAndWait(cluster, 2));
        const RunResult run = runOn(cluster, samples);
        QCOMPARE(run.samples.size(), 5);
        QCOMPARE(run.samples[0].reads, 0);
        QCOMPARE(run.samples[0].errors.size(), 1);
        QVERIFY(run.samples[0].errors[0].message.contains(QStringLiteral("t9_9")));
        QVERIFY(run.samples[0].errors[0].message.contains(QStringLiteral("2 tries")));
        for (qsizetype i = 1; i < 5; ++i)
            QVERIFY(run.samples[i].histogram == m_clean.samples[i - 1].histogram);
    }

    void cancelKillsEnginesStillBusyAfterTheGracePeriod()
    {
        const Failpoints faults("engine.slow_task_ms=20000");
        LocalCluster cluster(nullptr, QStringLiteral(ENGINE_PATH));
        QVERIFY(startAndWait(cluster, 2));
        const QList<qint64> before{cluster.engines()[0].pid, cluster.engines()[1].pid};
        AnalysisRun run(RunMode::Balanced, m_samples, planTasks(m_samples, 2), &cluster, 2);
        run.start();
        QTRY_COMPARE(cluster.engines()[0].state, EngineState::Busy);
        run.cancel(300);
        for (qint64 pid : before)
            QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 3000);
        QTRY_COMPARE_WITH_TIMEOUT(liveEngines(cluster), 2, 10000); // the cluster is whole again
    }

    void restartsAreCappedAndSayWhy()
    {
        const Failpoints faults("engine.crash_after_tasks=0"); // every engine dies on its first task
        LocalCluster cluster(nullptr, QStringLiteral(ENGINE_PATH));
        QVERIFY(startAndWait(cluster, 1));
        const RunResult run = runOn(cluster, m_samples.mid(0, 2));
        QCOMPARE(run.samples.size(), 2); // the run ends, with reasons instead of results
        QVERIFY(!run.samples[0].errors.isEmpty() || !run.samples[1].errors.isEmpty());
        QVERIFY(cluster.restartStopReason().contains(QStringLiteral("restarted")));
    }

    void staleSocketsOfDeadControllersAreRemoved()
    {
        QProcess gone;
        gone.start(QStringLiteral("true"));
        QVERIFY(gone.waitForStarted());
        const qint64 deadPid = gone.processId();
        QVERIFY(gone.waitForFinished());
        const QString stale = QDir::temp().filePath(QStringLiteral("qualcluster-%1-deadbeef").arg(deadPid));
        const QString live =
            QDir::temp().filePath(QStringLiteral("qualcluster-%1-0badcafe").arg(QCoreApplication::applicationPid()));
        for (const QString &path : {stale, live}) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        LocalCluster cluster(nullptr, QStringLiteral(ENGINE_PATH));
        QVERIFY(cluster.start(1));
        QVERIFY(!QFileInfo::exists(stale));
        QVERIFY(QFileInfo::exists(live));
        QFile::remove(live);
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
