// Engines beyond this process, on the loopback services of ../shared/ci: an ssh profile and a
// Slurm profile run the demo set with the results of a run here; engines killed mid-run lose
// nothing; stopping leaves no engine and no job; bad set-ups say which host or job and why.
#include "demo/demodata.h"

#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "apprun.h"
#include "ciservices.h"
#include "processes.h"
#include "resultsjson.h"

#include <csignal>

class TestRemoteClusters : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_demo;
    QJsonArray m_solo;
    std::optional<ciservices::Ssh> m_ssh;
    std::optional<QString> m_slurm;

    QProcessEnvironment environment(const QByteArray &failpoints = {}) const
    {
        QProcessEnvironment env = headlessEnvironment(m_dir.filePath(QStringLiteral("config")));
        if (m_slurm)
            env.insert(QStringLiteral("SLURM_CONF"), *m_slurm);
        if (!failpoints.isEmpty())
            env.insert(QStringLiteral("QUALCLUSTER_FAILPOINTS"), QString::fromLatin1(failpoints));
        return env;
    }
    AppOutcome run(const QStringList &arguments, const QByteArray &failpoints = {}) const
    {
        return runApp(arguments, environment(failpoints));
    }
    bool createProfile(const QStringList &arguments)
    {
        const AppOutcome created = run(QStringList{QStringLiteral("profile"), QStringLiteral("create")} + arguments);
        if (created.exitCode != 0)
            qWarning().noquote() << created.err;
        return created.exitCode == 0;
    }
    QStringList sshProfile(const QString &name, int engines) const
    {
        return {name,
                QStringLiteral("-n"),
                QString::number(engines),
                QStringLiteral("--launcher"),
                QStringLiteral("ssh"),
                QStringLiteral("--host"),
                m_ssh->host + QStringLiteral(":4"),
                QStringLiteral("--ssh-arg=-F"),
                QStringLiteral("--ssh-arg=") + m_ssh->config,
                QStringLiteral("--listen"),
                QStringLiteral("127.0.0.1")};
    }
    QStringList slurmProfile(const QString &name, int engines) const
    {
        return {name,
                QStringLiteral("-n"),
                QString::number(engines),
                QStringLiteral("--launcher"),
                QStringLiteral("slurm"),
                QStringLiteral("--time"),
                QStringLiteral("00:10:00"),
                QStringLiteral("--listen"),
                QStringLiteral("127.0.0.1")};
    }
    QJsonArray engineRows(const QString &profile) const
    {
        const AppOutcome engines = run({QStringLiteral("cluster"), QStringLiteral("engines"),
                                        QStringLiteral("--profile"), profile, QStringLiteral("--json")});
        return QJsonDocument::fromJson(engines.out.toUtf8()).array();
    }
    QList<qint64> livePids(const QString &profile) const
    {
        QList<qint64> pids;
        for (const QJsonValue row : engineRows(profile))
            if (const QString state = row[u"state"].toString(); state == u"idle" || state == u"busy")
                pids.append(row[u"pid"].toInteger());
        return pids;
    }
    QJsonDocument analyze(const QString &profile, const QString &name, const QByteArray &failpoints = {},
                          const QString &data = {})
    {
        const QString json = m_dir.filePath(name);
        const AppOutcome outcome = run({QStringLiteral("analyze"), QStringLiteral("--profile"), profile,
                                        QStringLiteral("--json"), json, data.isEmpty() ? m_demo : data},
                                       failpoints);
        if (outcome.exitCode != 0 && outcome.exitCode != 3)
            qWarning().noquote() << outcome.err;
        return outcome.exitCode == 0 || outcome.exitCode == 3 ? readJson(json) : QJsonDocument();
    }
    // Slurm jobs of `profile` that are still queued or running.
    QStringList liveJobs(const QString &profile) const
    {
        QProcess squeue;
        squeue.setProcessEnvironment(environment());
        squeue.start(QStringLiteral("squeue"),
                     {QStringLiteral("-h"), QStringLiteral("-r"), QStringLiteral("-n"),
                      QStringLiteral("qualcluster-") + profile, QStringLiteral("-o"), QStringLiteral("%i %T")});
        squeue.waitForFinished(15000);
        return QString::fromUtf8(squeue.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_demo = m_dir.filePath(QStringLiteral("demo"));
        qc::DemoOptions options;
        options.readsPerFolder = 16;
        QVERIFY(!qc::writeDemoData(m_demo, options));
        const AppOutcome serial = run({QStringLiteral("analyze"), QStringLiteral("--mode"), QStringLiteral("serial"),
                                       QStringLiteral("--json"), m_dir.filePath(QStringLiteral("solo.json")), m_demo});
        QCOMPARE(serial.exitCode, 0);
        m_solo = numbersOf(readJson(m_dir.filePath(QStringLiteral("solo.json"))));
        QCOMPARE(m_solo.size(), 12);
        m_ssh = ciservices::ssh();
        m_slurm = ciservices::slurm();
    }

    void cleanup() { run({QStringLiteral("cluster"), QStringLiteral("stop"), QStringLiteral("--all")}); }

    void sshEnginesGiveTheResultsOfARunHere()
    {
        REQUIRE_CI_SERVICE(m_ssh, "the loopback sshd");
        QVERIFY(createProfile(sshProfile(QStringLiteral("ssh2"), 2)));
        const AppOutcome start = run(
            {QStringLiteral("cluster"), QStringLiteral("start"), QStringLiteral("--profile"), QStringLiteral("ssh2")});
        QCOMPARE(start.exitCode, 0);
        const QJsonArray rows = engineRows(QStringLiteral("ssh2"));
        QCOMPARE(rows.size(), 2);
        for (const QJsonValue row : rows)
            QCOMPARE(row[u"launcher"].toString(), QStringLiteral("ssh"));
        const QList<qint64> engines = livePids(QStringLiteral("ssh2"));
        QCOMPARE(engines.size(), 2);

        // Files travel with the tasks (the default); the numbers are those of a run here.
        const QJsonDocument sent = analyze(QStringLiteral("ssh2"), QStringLiteral("ssh.json"));
        QCOMPARE(numbersOf(sent), m_solo);
        QCOMPARE(enginePidsOf(sent), QSet<qint64>(engines.begin(), engines.end()));
        for (const QJsonValue sample : sent[u"samples"].toArray())
            QVERIFY(!sample[u"engines"][0][u"host"].toString().isEmpty());
        for (const QJsonValue task : sent[u"tasks"].toArray())
            QVERIFY(!task[u"host"].toString().isEmpty()); // which host ran what

        QCOMPARE(run({QStringLiteral("cluster"), QStringLiteral("stop"), QStringLiteral("--profile"),
                      QStringLiteral("ssh2")})
                     .exitCode,
                 0);
        for (qint64 pid : engines)
            QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 5000);
    }

    void aRemoteEngineKilledMidRunLosesNothing()
    {
        REQUIRE_CI_SERVICE(m_ssh, "the loopback sshd");
        // Slow engines (ssh passes no environment: the engine command sets it), so that the run
        // is surely going when one of them is killed.
        QVERIFY(createProfile(sshProfile(QStringLiteral("sshkill"), 2)
                              + QStringList{QStringLiteral("--engine-command"),
                                            QStringLiteral("env QUALCLUSTER_FAILPOINTS=engine.slow_task_ms=150 ")
                                                + QStringLiteral(ENGINE_PATH)}));
        QCOMPARE(run({QStringLiteral("cluster"), QStringLiteral("start"), QStringLiteral("--profile"),
                      QStringLiteral("sshkill")})
                     .exitCode,
                 0);
        const QList<qint64> engines = livePids(QStringLiteral("sshkill"));
        QCOMPARE(engines.size(), 2);
        QProcess client;
        client.setProcessEnvironment(environment());
        client.start(QStringLiteral(APP_PATH),
                     {QStringLiteral("analyze"), QStringLiteral("--profile"), QStringLiteral("sshkill"),
                      QStringLiteral("--json"), m_dir.filePath(QStringLiteral("killed.json")), m_demo});
        qint64 busy = 0;
        QTRY_VERIFY_WITH_TIMEOUT((busy =
                                      [this] {
                                          for (const QJsonValue row : engineRows(QStringLiteral("sshkill")))
                                              if (row[u"state"] == QStringLiteral("busy"))
                                                  return row[u"pid"].toInteger();
                                          return qint64(0);
                                      }())
                                     != 0,
                                 10000);
        ::kill(pid_t(busy), SIGKILL); // the engine itself, at the far end of its ssh, mid-task
        QVERIFY2(client.waitForFinished(60000), client.readAllStandardError().constData());
        QCOMPARE(client.exitCode(), 0);
        QCOMPARE(numbersOf(readJson(m_dir.filePath(QStringLiteral("killed.json")))), m_solo);
        QTRY_COMPARE_WITH_TIMEOUT(livePids(QStringLiteral("sshkill")).size(), 2, 15000); // replaced
        QVERIFY(!livePids(QStringLiteral("sshkill")).contains(busy));
    }

    void sshEnginesEndWithAKilledController()
    {
        REQUIRE_CI_SERVICE(m_ssh, "the loopback sshd");
        QVERIFY(createProfile(sshProfile(QStringLiteral("sshorphan"), 2)));
        QCOMPARE(run({QStringLiteral("cluster"), QStringLiteral("start"), QStringLiteral("--profile"),
                      QStringLiteral("sshorphan")})
                     .exitCode,
                 0);
        const QList<qint64> engines = livePids(QStringLiteral("sshorphan"));
        QCOMPARE(engines.size(), 2);
        const AppOutcome list = run({QStringLiteral("cluster"), QStringLiteral("list"), QStringLiteral("--json")});
        const qint64 controller = QJsonDocument::fromJson(list.out.toUtf8())[0][u"controller_pid"].toInteger();
        QVERIFY(controller > 0);
        ::kill(pid_t(controller), SIGKILL);
        // Its ssh sessions die with it; each remote engine's standard input closes and it exits.
        for (qint64 pid : engines)
            QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 5000);
    }

    void aSharedFilesystemWithAPathMapNamesFilesAsTheUserKnowsThem()
    {
        REQUIRE_CI_SERVICE(m_ssh, "the loopback sshd");
        // The "remote" side sees the data under another path: a link to the same folder.
        const QString data = m_dir.filePath(QStringLiteral("shared"));
        QVERIFY(QDir().mkpath(data + QStringLiteral("/t1_1")));
        const auto files = QDir(m_demo + QStringLiteral("/t1_1")).entryList({QStringLiteral("*.qual")});
        for (const QString &file : files)
            QVERIFY(QFile::copy(m_demo + QStringLiteral("/t1_1/") + file, data + QStringLiteral("/t1_1/") + file));
        QFile empty(data + QStringLiteral("/t1_1/zz_empty.qual"));
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        const QString mount = m_dir.filePath(QStringLiteral("mount"));
        QVERIFY(QFile::link(data, mount));
        QVERIFY(createProfile(
            sshProfile(QStringLiteral("sshfs"), 1)
            + QStringList{QStringLiteral("--shared-fs"), QStringLiteral("--path-map"), data + u'=' + mount}));
        const QJsonDocument results = analyze(QStringLiteral("sshfs"), QStringLiteral("fs.json"), {}, data);
        const QJsonArray samples = results[u"samples"].toArray();
        QCOMPARE(samples.size(), 1);
        QCOMPARE(samples[0][u"positions"], m_solo[0][u"positions"]);
        const QJsonArray errors = samples[0][u"errors"].toArray();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors[0][u"file"].toString(), data + QStringLiteral("/t1_1/zz_empty.qual"));
        QVERIFY(errors[0][u"message"].toString().contains(QStringLiteral("empty")));
    }

    void badSshSetUpsSayWhichHostAndWhy_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("message");
        QTest::newRow("unreachable host") << QStringList{QStringLiteral("--ssh-arg=-p"), QStringLiteral("--ssh-arg=1")}
                                          << QStringLiteral("Connection refused");
        QTest::newRow("no engine there") << QStringList{QStringLiteral("--engine-command"),
                                                        QStringLiteral("/nonexistent/qualcluster-engine")}
                                         << QStringLiteral("/nonexistent/qualcluster-engine: No such file");
    }

    void badSshSetUpsSayWhichHostAndWhy()
    {
        REQUIRE_CI_SERVICE(m_ssh, "the loopback sshd");
        QFETCH(QStringList, extra);
        QFETCH(QString, message);
        QVERIFY(createProfile(sshProfile(QStringLiteral("sshbad"), 1) + extra));
        const AppOutcome outcome =
            run({QStringLiteral("analyze"), QStringLiteral("--profile"), QStringLiteral("sshbad"), m_demo});
        QCOMPARE(outcome.exitCode, 1);
        QVERIFY2(outcome.err.contains(message), qPrintable(outcome.err));
        QVERIFY2(outcome.err.contains(m_ssh->host), qPrintable(outcome.err));
    }

    void slurmEnginesRunAsJobsAndLeaveNone()
    {
        REQUIRE_CI_SERVICE(m_slurm, "the one-node Slurm");
        QVERIFY(createProfile(slurmProfile(QStringLiteral("slurm2"), 2)));
        const AppOutcome start = run({QStringLiteral("cluster"), QStringLiteral("start"), QStringLiteral("--profile"),
                                      QStringLiteral("slurm2")});
        QCOMPARE(start.exitCode, 0);
        const QStringList jobs = liveJobs(QStringLiteral("slurm2"));
        QCOMPARE(jobs.size(), 2);
        for (const QString &job : jobs)
            QVERIFY2(job.endsWith(u"RUNNING"), qPrintable(job));
        const QJsonArray rows = engineRows(QStringLiteral("slurm2"));
        for (const QJsonValue row : rows)
            QVERIFY(jobs.join(u' ').contains(row[u"job"].toString())); // the engines table names each job

        const QJsonDocument results = analyze(QStringLiteral("slurm2"), QStringLiteral("slurm.json"));
        QCOMPARE(numbersOf(results), m_solo);
        const QList<qint64> engines = livePids(QStringLiteral("slurm2"));
        QCOMPARE(run({QStringLiteral("cluster"), QStringLiteral("stop"), QStringLiteral("--profile"),
                      QStringLiteral("slurm2")})
                     .exitCode,
                 0);
        QTRY_VERIFY_WITH_TIMEOUT(liveJobs(QStringLiteral("slurm2")).isEmpty(), 15000);
        for (qint64 pid : engines)
            QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 5000);
    }

    void aKilledControllerEndsItsJobs()
    {
        REQUIRE_CI_SERVICE(m_slurm, "the one-node Slurm");
        QVERIFY(createProfile(slurmProfile(QStringLiteral("slurmkill"), 1)));
        QCOMPARE(run({QStringLiteral("cluster"), QStringLiteral("start"), QStringLiteral("--profile"),
                      QStringLiteral("slurmkill")})
                     .exitCode,
                 0);
        const QList<qint64> engines = livePids(QStringLiteral("slurmkill"));
        QCOMPARE(engines.size(), 1);
        const AppOutcome list = run({QStringLiteral("cluster"), QStringLiteral("list"), QStringLiteral("--json")});
        const qint64 controller = QJsonDocument::fromJson(list.out.toUtf8())[0][u"controller_pid"].toInteger();
        QVERIFY(controller > 0);
        ::kill(pid_t(controller), SIGKILL);
        // The engine loses its link and exits; its job ends with it.
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(engines.first()), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(liveJobs(QStringLiteral("slurmkill")).isEmpty(), 15000);
    }

    void queuedJobsAreShownWithTheSchedulersReason()
    {
        REQUIRE_CI_SERVICE(m_slurm, "the one-node Slurm");
        // Jobs that may not start for an hour: the cluster starts, and says why its engines wait.
        QVERIFY(createProfile(slurmProfile(QStringLiteral("slurmwait"), 2)
                              + QStringList{QStringLiteral("--sbatch-arg=--begin=now+1hour")}));
        const AppOutcome start = run({QStringLiteral("cluster"), QStringLiteral("start"), QStringLiteral("--profile"),
                                      QStringLiteral("slurmwait")});
        QCOMPARE(start.exitCode, 0);
        QVERIFY2(start.out.contains(QStringLiteral("pending")), qPrintable(start.out));
        QVERIFY(start.out.contains(QStringLiteral("queue")));
        // The scheduler gives its reason once it has looked at the jobs.
        const auto waitingForBeginTime = [this] {
            const QJsonArray rows = engineRows(QStringLiteral("slurmwait"));
            return rows.size() == 2 && std::all_of(rows.begin(), rows.end(), [](const QJsonValue &row) {
                       return row[u"state"].toString() == u"pending (BeginTime)"
                           && row[u"job"].toString().contains(u'_');
                   });
        };
        QTRY_VERIFY_WITH_TIMEOUT(waitingForBeginTime(), 15000);
        QCOMPARE(liveJobs(QStringLiteral("slurmwait")).size(), 2);
        QCOMPARE(run({QStringLiteral("cluster"), QStringLiteral("stop"), QStringLiteral("--profile"),
                      QStringLiteral("slurmwait")})
                     .exitCode,
                 0);
        QTRY_VERIFY_WITH_TIMEOUT(liveJobs(QStringLiteral("slurmwait")).isEmpty(), 15000); // cancelled
    }

    void badSlurmSetUpsSayWhy()
    {
        REQUIRE_CI_SERVICE(m_slurm, "the one-node Slurm");
        QVERIFY(createProfile(slurmProfile(QStringLiteral("slurmbad"), 1)
                              + QStringList{QStringLiteral("--partition"), QStringLiteral("nosuchpartition")}));
        const AppOutcome rejected =
            run({QStringLiteral("analyze"), QStringLiteral("--profile"), QStringLiteral("slurmbad"), m_demo});
        QCOMPARE(rejected.exitCode, 1);
        QVERIFY2(rejected.err.contains(QStringLiteral("sbatch refused")), qPrintable(rejected.err));
        QVERIFY2(rejected.err.contains(QStringLiteral("partition")), qPrintable(rejected.err));

        QVERIFY(createProfile(slurmProfile(QStringLiteral("noslurm"), 1)));
        QProcessEnvironment noSlurm = environment();
        noSlurm.insert(QStringLiteral("PATH"), QStringLiteral("/nonexistent"));
        const AppOutcome missing = runApp(
            {QStringLiteral("analyze"), QStringLiteral("--profile"), QStringLiteral("noslurm"), m_demo}, noSlurm);
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains(QStringLiteral("is Slurm installed")), qPrintable(missing.err));
    }
};

QTEST_GUILESS_MAIN(TestRemoteClusters)
#include "tst_remoteclusters.moc"
