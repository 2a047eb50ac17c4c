// Clusters that outlive a command, driven as a terminal user drives them: `cluster start`, then
// `analyze --profile` on its engines, concurrent clients, faults, a killed controller, bad state.
#include "demo/demodata.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "apprun.h"
#include "processes.h"
#include "resultsjson.h"

#include <csignal>
#include <sys/stat.h>

class TestClusterCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_demo;
    QJsonArray m_solo; // the demo set's numbers from a serial run

    QProcessEnvironment environment(const QByteArray &failpoints = {}) const
    {
        QProcessEnvironment env = headlessEnvironment(m_dir.filePath(QStringLiteral("config")));
        if (!failpoints.isEmpty())
            env.insert(QStringLiteral("QUALCLUSTER_FAILPOINTS"), QString::fromLatin1(failpoints));
        return env;
    }
    AppOutcome run(const QStringList &arguments, const QByteArray &failpoints = {}) const
    {
        return runApp(arguments, environment(failpoints));
    }
    QString runtimeFolder() const { return m_dir.filePath(QStringLiteral("config/runtime/qualcluster")); }

    QList<qint64> clusterEngines(const QString &profile = QStringLiteral("default")) const
    {
        const AppOutcome engines = run({QStringLiteral("cluster"), QStringLiteral("engines"),
                                        QStringLiteral("--profile"), profile, QStringLiteral("--json")});
        QList<qint64> pids;
        // Engines that ended stay listed, saying how; only the live ones count here.
        for (const QJsonValue engine : QJsonDocument::fromJson(engines.out.toUtf8()).array())
            if (const QString state = engine[u"state"].toString(); state == u"idle" || state == u"busy")
                pids.append(engine[u"pid"].toInteger());
        return pids;
    }
    qint64 controllerPid(const QString &profile = QStringLiteral("default")) const
    {
        const AppOutcome list = run({QStringLiteral("cluster"), QStringLiteral("list"), QStringLiteral("--json")});
        for (const QJsonValue row : QJsonDocument::fromJson(list.out.toUtf8()).array())
            if (row[u"profile"].toString() == profile)
                return row[u"controller_pid"].toInteger();
        return 0;
    }
    bool startCluster(int engines, const QByteArray &failpoints = {})
    {
        const AppOutcome start =
            run({QStringLiteral("cluster"), QStringLiteral("start"), QStringLiteral("-n"), QString::number(engines)},
                failpoints);
        return start.exitCode == 0 && clusterEngines().size() == engines;
    }
    void stopCluster() { run({QStringLiteral("cluster"), QStringLiteral("stop"), QStringLiteral("--all")}); }
    QJsonDocument analyze(const QString &name, const QStringList &extra = {})
    {
        const QString json = m_dir.filePath(name);
        const AppOutcome outcome =
            run(QStringList{QStringLiteral("analyze"), QStringLiteral("--json"), json} + extra + QStringList{m_demo});
        if (outcome.exitCode != 0)
            qWarning().noquote() << outcome.err;
        return outcome.exitCode == 0 ? readJson(json) : QJsonDocument();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_demo = m_dir.filePath(QStringLiteral("demo"));
        qc::DemoOptions options;
        options.readsPerFolder = 16;
        QVERIFY(!qc::writeDemoData(m_demo, options));
        m_solo = numbersOf(analyze(QStringLiteral("solo.json"), {QStringLiteral("--mode"), QStringLiteral("serial")}));
        QCOMPARE(m_solo.size(), 12);
    }

    void cleanup() { stopCluster(); }

    void analyzeRunsOnTheStartedClusterAndItsEnginesStayUp()
    {
        const AppOutcome start =
            run({QStringLiteral("cluster"), QStringLiteral("start"), QStringLiteral("-n"), QStringLiteral("2")});
        QCOMPARE(start.exitCode, 0);
        QVERIFY2(start.out.contains(QStringLiteral("started")), qPrintable(start.out));
        const QList<qint64> engines = clusterEngines();
        QCOMPARE(engines.size(), 2);
        for (qint64 pid : engines)
            QVERIFY(start.out.contains(QString::number(pid))); // start prints the engines

        const QJsonDocument first = analyze(QStringLiteral("first.json"), {QStringLiteral("--compare-serial")});
        const QJsonDocument second = analyze(QStringLiteral("second.json"));
        const QSet<qint64> expected(engines.begin(), engines.end());
        QCOMPARE(enginePidsOf(first), expected);
        QCOMPARE(enginePidsOf(second), expected);
        QCOMPARE(numbersOf(first), m_solo);
        QCOMPARE(numbersOf(second), m_solo);
        QVERIFY(first[u"run"][u"serial_seconds"].toDouble() > 0);
        for (qint64 pid : engines)
            QVERIFY(processAlive(pid));

        // A second start says so and changes nothing.
        const AppOutcome again = run({QStringLiteral("cluster"), QStringLiteral("start")});
        QCOMPARE(again.exitCode, 0);
        QVERIFY(again.out.contains(QStringLiteral("already running")));
        QCOMPARE(clusterEngines(), engines);

        const AppOutcome list = run({QStringLiteral("cluster"), QStringLiteral("list")});
        QVERIFY(list.out.contains(QStringLiteral("default")));
        QVERIFY(list.out.contains(QStringLiteral("running")));

        const AppOutcome stop = run({QStringLiteral("cluster"), QStringLiteral("stop")});
        QCOMPARE(stop.exitCode, 0);
        for (qint64 pid : engines)
            QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 3000);
        QCOMPARE(run({QStringLiteral("cluster"), QStringLiteral("list")}).out.trimmed(),
                 QStringLiteral("No cluster is running."));
        QVERIFY(!QFile::exists(runtimeFolder() + QStringLiteral("/default.cluster.json")));
    }

    void scaleChangesTheEngineCount()
    {
        QVERIFY(startCluster(3));
        const AppOutcome scale = run({QStringLiteral("cluster"), QStringLiteral("scale"), QStringLiteral("--profile"),
                                      QStringLiteral("default"), QStringLiteral("1")});
        QCOMPARE(scale.exitCode, 0);
        QCOMPARE(clusterEngines().size(), 1);
        QCOMPARE(run({QStringLiteral("cluster"), QStringLiteral("scale"), QStringLiteral("--profile"),
                      QStringLiteral("default"), QStringLiteral("2")})
                     .exitCode,
                 0);
        QCOMPARE(clusterEngines().size(), 2);
    }

    void killedControllerTakesItsEnginesWithIt()
    {
        QVERIFY(startCluster(2));
        const QList<qint64> engines = clusterEngines();
        const qint64 controller = controllerPid();
        QVERIFY(controller > 0);
        ::kill(pid_t(controller), SIGKILL);
        for (qint64 pid : engines)
            QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 2000);
        QCOMPARE(run({QStringLiteral("cluster"), QStringLiteral("list")}).out.trimmed(),
                 QStringLiteral("No cluster is running."));
        QVERIFY(!QFile::exists(runtimeFolder() + QStringLiteral("/default.cluster.json")));
        // analyze goes on with engines of its own
        QCOMPARE(numbersOf(analyze(QStringLiteral("after.json"))), m_solo);
    }

    void aClientWhoseControllerIsKilledSaysTheClusterIsGone()
    {
        QVERIFY(startCluster(2, "engine.slow_task_ms=200"));
        const qint64 controller = controllerPid();
        QProcess client;
        client.setProcessEnvironment(environment());
        client.start(QStringLiteral(APP_PATH), {QStringLiteral("analyze"), m_demo});
        QVERIFY(client.waitForStarted());
        QTest::qWait(500);
        ::kill(pid_t(controller), SIGKILL);
        QVERIFY(client.waitForFinished(10000));
        QCOMPARE(client.exitCode(), 1);
        const QString err = QString::fromUtf8(client.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("is gone")), qPrintable(err));
        QVERIFY(err.contains(QStringLiteral("cluster start --profile default")));
    }

    void twoConcurrentClientsEachGetTheirOwnExactResults()
    {
        QVERIFY(startCluster(2, "engine.slow_task_ms=20")); // long enough for the runs to overlap
        QProcess a, b;
        for (QProcess *client : {&a, &b}) {
            client->setProcessEnvironment(environment());
            client->start(QStringLiteral(APP_PATH),
                          {QStringLiteral("analyze"), QStringLiteral("--json"),
                           m_dir.filePath(client == &a ? QStringLiteral("a.json") : QStringLiteral("b.json")), m_demo});
        }
        for (QProcess *client : {&a, &b}) {
            QVERIFY(client->waitForFinished(60000));
            QCOMPARE(client->exitCode(), 0);
        }
        const QJsonDocument ra = readJson(m_dir.filePath(QStringLiteral("a.json")));
        const QJsonDocument rb = readJson(m_dir.filePath(QStringLiteral("b.json")));
        QCOMPARE(numbersOf(ra), m_solo);
        QCOMPARE(numbersOf(rb), m_solo);
        const QList<qint64> engines = clusterEngines();
        const QSet<qint64> expected(engines.begin(), engines.end());
        QCOMPARE(enginePidsOf(ra), expected);
        QCOMPARE(enginePidsOf(rb), expected);
    }

    void aRunLargerThanOneWindowComesBackWhole()
    {
        // 36,000 small files: more than the client sends the controller at once (16,384 files), so
        // the run reaches it in windows topped up as results come in.
        const QString many = m_dir.filePath(QStringLiteral("many"));
        for (int folder = 0; folder < 12; ++folder) {
            const QString dir = many + QStringLiteral("/t%1_%2").arg(folder / 2 + 1).arg(folder % 2 + 1);
            QVERIFY(QDir().mkpath(dir));
            for (int read = 0; read < 3000; ++read) {
                QFile file(dir + QStringLiteral("/r%1.qual").arg(read));
                QVERIFY(file.open(QIODevice::WriteOnly));
                file.write(QStringLiteral(">r%1\n%2 %3 40 %4\n")
                               .arg(read)
                               .arg(read % 41)
                               .arg(folder)
                               .arg(read % 7 + 20)
                               .toLatin1());
            }
        }
        const auto numbers = [this, &many](const QString &name, const QStringList &extra) {
            const QString json = m_dir.filePath(name);
            const AppOutcome outcome =
                run(QStringList{QStringLiteral("analyze"), QStringLiteral("--json"), json} + extra + QStringList{many});
            return outcome.exitCode == 0 ? readJson(json) : QJsonDocument();
        };
        const QJsonDocument serial =
            numbers(QStringLiteral("many-serial.json"), {QStringLiteral("--mode"), QStringLiteral("serial")});
        QVERIFY(startCluster(2));
        const QJsonDocument windows = numbers(QStringLiteral("many-cluster.json"), {});
        QCOMPARE(numbersOf(windows).size(), 12);
        QCOMPARE(numbersOf(windows), numbersOf(serial));
        qint64 reads = 0;
        for (const QJsonValue sample : windows[u"samples"].toArray())
            reads += sample[u"read_count"].toInteger();
        QCOMPARE(reads, 36000);
    }

    void clientKilledMidRunLeavesTheClusterUp()
    {
        QVERIFY(startCluster(2, "engine.slow_task_ms=200"));
        const QList<qint64> engines = clusterEngines();
        QProcess client;
        client.setProcessEnvironment(environment());
        client.start(QStringLiteral(APP_PATH), {QStringLiteral("analyze"), m_demo});
        QVERIFY(client.waitForStarted());
        QTest::qWait(600); // mid-run: 12 tasks of at least 200 ms on 2 engines
        QCOMPARE(client.state(), QProcess::Running);
        client.kill();
        QVERIFY(client.waitForFinished());
        // The cluster stays up with the same engines and runs the next client's analysis whole.
        const QJsonDocument next = analyze(QStringLiteral("next.json"));
        QCOMPARE(numbersOf(next), m_solo);
        QCOMPARE(clusterEngines(), engines);
    }

    void crashAndPoisonAreHandledAsInATransientCluster()
    {
        // The engine kills itself after 4 results: the lost task is requeued on its replacement.
        // One engine, so that no task is lost twice (which would rightly give it up as poison).
        QVERIFY(startCluster(1, "engine.crash_after_tasks=4"));
        QCOMPARE(numbersOf(analyze(QStringLiteral("crash.json"))), m_solo);
        stopCluster();

        QTemporaryDir poison;
        QVERIFY(QDir(poison.path()).mkpath(QStringLiteral("t9_9")));
        QVERIFY(QFile::copy(m_demo + QStringLiteral("/t1_1/t1_1_read001.qual"),
                            poison.filePath(QStringLiteral("t9_9/poison.qual"))));
        QVERIFY(startCluster(2, "engine.crash_on_file=poison"));
        const QString json = m_dir.filePath(QStringLiteral("poison.json"));
        const AppOutcome outcome = run({QStringLiteral("analyze"), QStringLiteral("--json"), json,
                                        poison.filePath(QStringLiteral("t9_9")), m_demo + QStringLiteral("/t1_1")});
        QCOMPARE(outcome.exitCode, 3);
        QVERIFY2(outcome.err.contains(QStringLiteral("2 tries")), qPrintable(outcome.err));
        const QJsonArray samples = readJson(json)[u"samples"].toArray();
        QCOMPARE(samples.size(), 2);
        QCOMPARE(samples[1][u"positions"], m_solo[0][u"positions"]);
        QCOMPARE(clusterEngines().size(), 2); // replaced, and still serving
        const AppOutcome engines = run({QStringLiteral("cluster"), QStringLiteral("engines")});
        QVERIFY(engines.out.contains(QStringLiteral("killed by signal 9"))); // the dead say how they ended
    }

    void badStateGetsAClearMessage_data()
    {
        QTest::addColumn<QByteArray>("state");
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("message");
        QTest::newRow("corrupt") << QByteArray("{\"profile\": \"default\", \"pid\": ") << 0600
                                 << QStringLiteral("corrupt");
        QTest::newRow("not a controller")
            << QByteArray("{\"profile\": \"other\"}") << 0600 << QStringLiteral("corrupt");
        QTest::newRow("readable by others") << QByteArray("{}") << 0644 << QStringLiteral("other users");
    }

    void badStateGetsAClearMessage()
    {
        QFETCH(QByteArray, state);
        QFETCH(int, mode);
        QFETCH(QString, message);
        QVERIFY(QDir().mkpath(runtimeFolder()));
        QFile::setPermissions(runtimeFolder(),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        const QString path = runtimeFolder() + QStringLiteral("/default.cluster.json");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(state);
        file.close();
        QVERIFY(::chmod(QFile::encodeName(path).constData(), mode_t(mode)) == 0);
        const AppOutcome list = run({QStringLiteral("cluster"), QStringLiteral("list")});
        QCOMPARE(list.exitCode, 0);
        QVERIFY2(list.err.contains(message), qPrintable(list.err));
        QVERIFY(list.out.contains(QStringLiteral("No cluster is running")));
        QVERIFY(!QFile::exists(path)); // cleaned, so that the next start works
        QVERIFY(startCluster(1));
    }

    void aControllerOfAnotherProtocolIsNamedAndCanBeStopped()
    {
        QVERIFY(startCluster(1));
        const QList<qint64> engines = clusterEngines();
        const QString path = runtimeFolder() + QStringLiteral("/default.cluster.json");
        QJsonObject record = readJson(path).object();
        record[QStringLiteral("protocol")] = 0;
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(record).toJson());
        file.close();
        const AppOutcome engines2 = run({QStringLiteral("cluster"), QStringLiteral("engines")});
        QCOMPARE(engines2.exitCode, 1);
        QVERIFY2(engines2.err.contains(QStringLiteral("protocol 0")), qPrintable(engines2.err));
        const AppOutcome analyzeOld = run({QStringLiteral("analyze"), m_demo});
        QCOMPARE(analyzeOld.exitCode, 1);
        QVERIFY(analyzeOld.err.contains(QStringLiteral("protocol 0")));
        QCOMPARE(run({QStringLiteral("cluster"), QStringLiteral("stop")}).exitCode, 0);
        for (qint64 pid : engines)
            QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 3000);
    }

    void commandsOnAProfileWithNoClusterSaySo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("engines") << QStringList{QStringLiteral("engines")} << 1;
        QTest::newRow("stop") << QStringList{QStringLiteral("stop")} << 1;
        QTest::newRow("scale") << QStringList{QStringLiteral("scale"), QStringLiteral("--profile"),
                                              QStringLiteral("default"), QStringLiteral("2")}
                               << 1;
        QTest::newRow("start an unknown profile")
            << QStringList{QStringLiteral("start"), QStringLiteral("--profile"), QStringLiteral("nosuch")} << 2;
        QTest::newRow("scale without a count")
            << QStringList{QStringLiteral("scale"), QStringLiteral("--profile"), QStringLiteral("default")} << 2;
    }

    void commandsOnAProfileWithNoClusterSaySo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        const AppOutcome outcome = run(QStringList{QStringLiteral("cluster")} + arguments);
        QCOMPARE(outcome.exitCode, exitCode);
        QVERIFY(outcome.err.startsWith(QStringLiteral("qualcluster: ")));
        if (exitCode == 1)
            QVERIFY2(outcome.err.contains(QStringLiteral("No cluster of profile \"default\" is running")),
                     qPrintable(outcome.err));
    }
};

QTEST_GUILESS_MAIN(TestClusterCli)
#include "tst_clustercli.moc"
