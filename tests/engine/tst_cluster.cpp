// The real engine binary under the real controller: processes, modes, and hostile clients.
#include "cluster/analysisrun.h"
#include "cluster/localcluster.h"
#include "demo/demodata.h"
#include "protocol/frame.h"
#include "protocol/messages.h"
#include "shareddata.h"
#include "stats/positionstats.h"

#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "processes.h"

#include <csignal>

using namespace qc;

namespace {

bool startAndWait(LocalCluster &cluster, int engines)
{
    QSignalSpy ready(&cluster, &LocalCluster::ready);
    return cluster.start(engines) && ready.wait(20000) && cluster.connectedCount() == engines;
}

RunResult runToEnd(RunMode mode, const QList<Sample> &samples, LocalCluster *cluster, int workers)
{
    AnalysisRun run(mode, samples, planTasks(samples, workers), cluster, workers);
    QSignalSpy finished(&run, &AnalysisRun::finished);
    run.start();
    if (finished.isEmpty() && !finished.wait(60000))
        return {};
    return finished.first().first().value<RunResult>();
}

} // namespace

class TestCluster : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qRegisterMetaType<RunResult>();
        QVERIFY(m_data.isValid());
        DemoOptions options;
        options.readsPerFolder = 24;
        QVERIFY(!writeDemoData(m_data.path(), options));
        QStringList problems;
        m_samples = discoverSamples({m_data.path()}, &problems);
        QVERIFY(problems.isEmpty());
        QCOMPARE(m_samples.size(), 12);
    }

    void startsDistinctLiveEnginesAndStopsThemAll()
    {
        QList<qint64> pids;
        {
            LocalCluster cluster(nullptr, QStringLiteral(ENGINE_PATH));
            QVERIFY(startAndWait(cluster, 3));
            for (const EngineInfo &engine : cluster.engines()) {
                QCOMPARE(engine.state, EngineState::Idle);
                QVERIFY(processAlive(engine.pid));
                QVERIFY(engine.pid != QCoreApplication::applicationPid());
                QVERIFY(!pids.contains(engine.pid));
                pids.append(engine.pid);
            }
            cluster.stop();
            QVERIFY(cluster.engines().isEmpty());
        }
        for (qint64 pid : std::as_const(pids))
            QVERIFY2(!processAlive(pid), qPrintable(QStringLiteral("engine %1 outlived stop()").arg(pid)));
    }

    void everyModeGivesTheSameResults()
    {
        LocalCluster cluster(nullptr, QStringLiteral(ENGINE_PATH));
        QVERIFY(startAndWait(cluster, 2));
        const RunResult serial = runToEnd(RunMode::Serial, m_samples, nullptr, 1);
        QCOMPARE(serial.samples.size(), 12);
        for (RunMode mode : {RunMode::Balanced, RunMode::Direct, RunMode::Threads}) {
            const RunResult other = runToEnd(mode, m_samples, &cluster, 2);
            QCOMPARE(other.samples.size(), serial.samples.size());
            for (qsizetype i = 0; i < serial.samples.size(); ++i) {
                QVERIFY2(other.samples[i].histogram == serial.samples[i].histogram, qPrintable(runModeName(mode)));
                QCOMPARE(other.samples[i].reads, 24);
                QCOMPARE(other.samples[i].bases, serial.samples[i].bases);
            }
            if (usesEngines(mode)) {
                QSet<qint64> enginePids;
                for (const SampleResult &sample : other.samples)
                    for (const EngineRef &engine : sample.engines)
                        enginePids.insert(engine.pid);
                QCOMPARE(enginePids.size(), 2); // both engines worked, neither is this process
                QVERIFY(!enginePids.contains(QCoreApplication::applicationPid()));
            }
        }
    }

    void resultsEqualTheLessonsFunction()
    {
        const QString script = QStringLiteral("../shared/tools/seed_reference.py");
        QC_REQUIRE_SHARED(script);
        const QString means = m_data.filePath(QStringLiteral("means.tsv"));
        QProcess python;
        python.start(QStringLiteral("python3"), {script, m_data.path(), QStringLiteral("--means"), means});
        QVERIFY(python.waitForFinished(60000));
        QCOMPARE(python.exitCode(), 0);

        LocalCluster cluster(nullptr, QStringLiteral(ENGINE_PATH));
        QVERIFY(startAndWait(cluster, 2));
        const RunResult run = runToEnd(RunMode::Balanced, m_samples, &cluster, 2);
        QHash<QString, const SampleResult *> byName;
        for (const SampleResult &sample : run.samples)
            byName.insert(sample.sample.name, &sample);

        QFile file(means);
        QVERIFY(file.open(QIODevice::ReadOnly));
        int rows = 0;
        while (!file.atEnd()) {
            const QList<QByteArray> fields = file.readLine().trimmed().split('\t');
            QCOMPARE(fields.size(), 4);
            const SampleResult *sample = byName.value(QString::fromUtf8(fields[0]));
            QVERIFY(sample);
            const int position = fields[1].toInt(); // 0-based, as the lesson counts
            const auto stats = statsAt(sample->histogram, position);
            QCOMPARE(qint64(stats.count), fields[2].toLongLong());
            QVERIFY(qAbs(stats.mean - fields[3].toDouble()) < 5e-6);
            ++rows;
        }
        qsizetype positions = 0;
        for (const SampleResult &sample : run.samples)
            positions += sample.histogram.positionCount();
        QCOMPARE(rows, positions);
    }

    void hostileClientsAreDroppedAndTheClusterKeepsWorking_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        HelloMessage wrongSecret;
        wrongSecret.pid = QCoreApplication::applicationPid();
        wrongSecret.secret = QByteArray(32, 'x');
        QTest::newRow("wrong secret") << encodeFrame(encode(wrongSecret));
        HelloMessage wrongVersion = wrongSecret;
        wrongVersion.version = 99;
        QTest::newRow("wrong version") << encodeFrame(encode(wrongVersion));
        HelloMessage wrongMagic = wrongSecret;
        wrongMagic.magic = QStringLiteral("HTTP");
        QTest::newRow("wrong magic") << encodeFrame(encode(wrongMagic));
        QTest::newRow("garbage") << QByteArray("GET / HTTP/1.1\r\n\r\n");
        QTest::newRow("huge length prefix") << QByteArray("\x7f\xff\xff\xff", 4);
        QTest::newRow("says nothing") << QByteArray();
    }
    void hostileClientsAreDroppedAndTheClusterKeepsWorking()
    {
        QFETCH(QByteArray, bytes);
        LocalCluster cluster(nullptr, QStringLiteral(ENGINE_PATH));
        QVERIFY(startAndWait(cluster, 1));
        QLocalSocket client;
        client.connectToServer(cluster.serverName());
        QVERIFY(client.waitForConnected(5000));
        client.write(bytes);
        client.flush();
        QSignalSpy disconnected(&client, &QLocalSocket::disconnected);
        QVERIFY(disconnected.wait(5000)); // the silent one after the hello timeout
        QCOMPARE(cluster.connectedCount(), 1);
        const RunResult run = runToEnd(RunMode::Balanced, m_samples.mid(0, 1), &cluster, 1);
        QCOMPARE(run.samples.first().reads, 24);
    }

    void socketIsUserOnly()
    {
        LocalCluster cluster(nullptr, QStringLiteral(ENGINE_PATH));
        QVERIFY(startAndWait(cluster, 1));
        const QFileInfo socket(cluster.serverName());
        QVERIFY(socket.exists());
        QCOMPARE(socket.permissions() & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther),
                 QFile::Permissions());
    }

private:
    QTemporaryDir m_data;
    QList<Sample> m_samples;
};

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
