// `qualcluster history` and what `analyze` records: every run comes back as it was, two runs
// compare, and a locked, damaged or newer history never fails the run it was to record.
#include "demo/demodata.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

#include "apprun.h"

namespace {

const QString kThreads = QStringLiteral("threads");

QJsonDocument parse(const AppOutcome &outcome)
{
    return QJsonDocument::fromJson(outcome.out.toUtf8());
}

} // namespace

class TestHistory : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_data;

    // Each home is a user: its own config and data folders, so its own run history.
    QString home(const QString &name) const { return m_dir.filePath(QStringLiteral("home-") + name); }
    // Where `qualcluster` keeps the history under that home's XDG_DATA_HOME (organisation, then app).
    QString historyFile(const QString &name) const
    {
        return home(name) + QStringLiteral("/data/qualcluster/qualcluster/history.sqlite");
    }
    AppOutcome app(const QString &name, const QStringList &arguments) const
    {
        return runApp(arguments, headlessEnvironment(home(name)));
    }
    AppOutcome analyze(const QString &name, const QStringList &arguments) const
    {
        return app(name, QStringList{QStringLiteral("analyze"), QStringLiteral("--mode")} + arguments);
    }
    QJsonArray listed(const QString &name) const
    {
        return parse(app(name, {QStringLiteral("history"), QStringLiteral("list"), QStringLiteral("--json")})).array();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_data = m_dir.filePath(QStringLiteral("demo"));
        qc::DemoOptions options;
        options.readsPerFolder = 6;
        QVERIFY(!qc::writeDemoData(m_data, options));
    }

    void analyzeIsRecordedAndShowGivesItsReport()
    {
        const QString json = m_dir.filePath(QStringLiteral("out/results.json"));
        const AppOutcome run =
            analyze(QStringLiteral("a"),
                    {kThreads, QStringLiteral("-n"), QStringLiteral("2"), QStringLiteral("--json"), json, m_data});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err)); // recording says nothing when it works
        QVERIFY(QFile::exists(historyFile(QStringLiteral("a"))));

        const QJsonArray runs = listed(QStringLiteral("a"));
        QCOMPARE(runs.size(), 1);
        const QJsonObject recorded = runs[0].toObject();
        QCOMPARE(recorded[u"source"].toString(), QStringLiteral("cli"));
        QCOMPARE(recorded[u"mode"].toString(), kThreads);
        QCOMPARE(recorded[u"engines"].toInt(), 2);
        QCOMPARE(recorded[u"exit_status"].toInt(), 0);
        QCOMPARE(recorded[u"outputs"].toArray(), QJsonArray{QFileInfo(json).absoluteFilePath()});
        QCOMPARE(recorded[u"folders"].toArray().size(), 12);
        QCOMPARE(recorded[u"folders"][0][u"reads"].toInt(), 6);
        QVERIFY(recorded[u"folders"][0][u"exists"].toBool());
        QVERIFY(recorded[u"wall_seconds"].toDouble() > 0);

        // The report from the history is the one analyze wrote, number for number.
        const QString id = QString::number(recorded[u"id"].toInteger());
        const AppOutcome show =
            app(QStringLiteral("a"), {QStringLiteral("history"), QStringLiteral("show"), id, QStringLiteral("--json")});
        QCOMPARE(show.exitCode, 0);
        QFile written(json);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(parse(show), QJsonDocument::fromJson(written.readAll()));

        const AppOutcome text = app(QStringLiteral("a"), {QStringLiteral("history"), QStringLiteral("show"), id});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains(QStringLiteral("Run %1 (cli)").arg(id)));
        QVERIFY(text.out.contains(QStringLiteral("t6_2")));
        QVERIFY(text.out.contains(QStringLiteral("Output: ") + QFileInfo(json).absoluteFilePath()));
        const AppOutcome table = app(QStringLiteral("a"), {QStringLiteral("history"), QStringLiteral("list")});
        QVERIFY(table.out.startsWith(QStringLiteral("ID ")));
        QVERIFY(table.out.contains(kThreads));
    }

    void compareSameAndDifferentFolders()
    {
        const QString user = QStringLiteral("compare");
        QCOMPARE(analyze(user, {kThreads, QStringLiteral("-n"), QStringLiteral("2"), m_data}).exitCode, 0);
        QCOMPARE(analyze(user, {QStringLiteral("serial"), m_data}).exitCode, 0);
        QCOMPARE(analyze(user, {QStringLiteral("serial"), m_data + QStringLiteral("/t1_1")}).exitCode, 0);
        const QJsonArray runs = listed(user); // newest first
        QCOMPARE(runs.size(), 3);
        const QString subset = QString::number(runs[0][u"id"].toInteger());
        const QString serial = QString::number(runs[1][u"id"].toInteger());
        const QString threads = QString::number(runs[2][u"id"].toInteger());

        const AppOutcome same = app(
            user, {QStringLiteral("history"), QStringLiteral("compare"), threads, serial, QStringLiteral("--json")});
        QCOMPARE(same.exitCode, 0);
        const QJsonObject comparison = parse(same).object();
        QVERIFY(comparison[u"same_folders"].toBool());
        QCOMPARE(comparison[u"folders"].toArray().size(), 12);
        const QJsonArray folders = comparison[u"folders"].toArray();
        for (const QJsonValue folder : folders) {
            QVERIFY(folder[u"positions"].toInt() > 0);
            QCOMPARE(folder[u"max_abs_difference"].toDouble(), 0.0); // every mode gives identical numbers
        }
        QCOMPARE(comparison[u"timing"][u"a"][u"mode"].toString(), kThreads);
        QCOMPARE(comparison[u"timing"][u"b"][u"mode"].toString(), QStringLiteral("serial"));

        const AppOutcome differ = app(
            user, {QStringLiteral("history"), QStringLiteral("compare"), threads, subset, QStringLiteral("--json")});
        const QJsonObject other = parse(differ).object();
        QVERIFY(!other[u"same_folders"].toBool());
        QCOMPARE(other[u"folders"].toArray().size(), 1);
        QCOMPARE(other[u"only_in_a"].toArray().size(), 11);
        QVERIFY(other[u"only_in_b"].toArray().isEmpty());
        const AppOutcome text = app(user, {QStringLiteral("history"), QStringLiteral("compare"), threads, subset});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains(QStringLiteral("Only in run %1: %2/t6_2").arg(threads, m_data)));
        QVERIFY(text.out.contains(QStringLiteral("wall s")));
    }

    void lockedHistoryDoesNotFailTheRun()
    {
        const QString user = QStringLiteral("locked");
        QCOMPARE(analyze(user, {QStringLiteral("serial"), m_data}).exitCode, 0);
        {
            // Another QualCluster in the middle of a write, holding it.
            QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
            other.setDatabaseName(historyFile(user));
            QVERIFY(other.open());
            QSqlQuery hold(other);
            QVERIFY(hold.exec(QStringLiteral("BEGIN EXCLUSIVE")));
            QVERIFY(hold.exec(QStringLiteral("DELETE FROM runs")));
            const AppOutcome run = analyze(user, {QStringLiteral("serial"), m_data});
            QCOMPARE(run.exitCode, 0);
            QVERIFY2(run.err.contains(QStringLiteral("locked by another QualCluster")), qPrintable(run.err));
            QVERIFY(run.out.contains(QStringLiteral("t6_2"))); // the run's own output is all there
            QVERIFY(hold.exec(QStringLiteral("ROLLBACK")));
            other.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("other"));
        QCOMPARE(listed(user).size(), 1);
    }

    void damagedHistoryIsMovedAsideAndTheRunRecorded()
    {
        const QString user = QStringLiteral("damaged");
        const QString file = historyFile(user);
        QDir().mkpath(QFileInfo(file).absolutePath());
        QFile garbage(file);
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray("garbage, not a database\n").repeated(200));
        garbage.close();
        const AppOutcome run = analyze(user, {QStringLiteral("serial"), m_data});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains(QStringLiteral("was damaged"))
                     && run.err.contains(file + QStringLiteral(".corrupt-")),
                 qPrintable(run.err));
        const QStringList aside =
            QDir(QFileInfo(file).absolutePath()).entryList({QStringLiteral("history.sqlite.corrupt-*")});
        QCOMPARE(aside.size(), 1);
        QCOMPARE(listed(user).size(), 1);
    }

    void newerHistoryIsLeftAloneAndTheRunSucceeds()
    {
        const QString user = QStringLiteral("newer");
        QCOMPARE(analyze(user, {QStringLiteral("serial"), m_data}).exitCode, 0);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
            db.setDatabaseName(historyFile(user));
            QVERIFY(db.open());
            QVERIFY(QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 42")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("newer"));
        const AppOutcome run = analyze(user, {QStringLiteral("serial"), m_data});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains(QStringLiteral("newer QualCluster")), qPrintable(run.err));
        const AppOutcome list = app(user, {QStringLiteral("history"), QStringLiteral("list")});
        QCOMPARE(list.exitCode, 1);
        QVERIFY(list.err.contains(QStringLiteral("newer QualCluster")));
    }

    // A full disk, for real: the user's data folder is a 256 KiB tmpfs in a mount namespace of the
    // commands' own (unshare), filled once the history exists. The run succeeds and says the
    // history is full; once space is freed, the next run is recorded.
    void fullDiskDoesNotFailTheRun()
    {
        const QString user = QStringLiteral("full");
        const QString data = home(user) + QStringLiteral("/data");
        QVERIFY(QDir().mkpath(data));
        const QString out = m_dir.filePath(QStringLiteral("full-out"));
        // Unprivileged users get a mount namespace through a user namespace of their own.
        QStringList unshare{QStringLiteral("--mount")};
        if (::geteuid() != 0)
            unshare.append(QStringLiteral("--map-root-user"));
        const QString script = QStringLiteral(
            "mount -t tmpfs -o size=256k tmpfs \"$1\" || exit 77\n"
            "\"$2\" history list >/dev/null || exit 1\n" // creates the history
            "dd if=/dev/zero of=\"$1/filler\" bs=4096 2>/dev/null\n" // fills the rest: dd fails when full
            "\"$2\" analyze --mode serial --json \"$4/results.json\" \"$3\" >\"$4/full.out\" 2>\"$4/full.err\"\n"
            "echo $? >\"$4/full.status\"\n"
            "rm \"$1/filler\"\n"
            "\"$2\" analyze --mode serial \"$3\" >/dev/null 2>\"$4/freed.err\" || exit 1\n"
            "\"$2\" history list --json >\"$4/list.json\"\n");
        QVERIFY(QDir().mkpath(out));
        QProcess shell;
        shell.setProcessEnvironment(headlessEnvironment(home(user)));
        shell.start(QStringLiteral("unshare"),
                    unshare
                        + QStringList{QStringLiteral("sh"), QStringLiteral("-c"), script, QStringLiteral("sh"), data,
                                      QStringLiteral(APP_PATH), m_data, out});
        QVERIFY(shell.waitForFinished(120000));
        if (shell.exitCode() == 77 || (shell.exitCode() != 0 && !QFile::exists(out + QStringLiteral("/full.status"))))
            QSKIP(qPrintable(QStringLiteral("this system does not let the test mount a small disk (%1)")
                                 .arg(QString::fromLocal8Bit(shell.readAllStandardError()).trimmed())));
        QCOMPARE(shell.exitCode(), 0);
        const auto read = [&](const QString &name) {
            QFile file(out + u'/' + name);
            return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
        };
        QCOMPARE(read(QStringLiteral("full.status")).trimmed(), QStringLiteral("0"));
        const QString err = read(QStringLiteral("full.err"));
        QVERIFY2(err.contains(QStringLiteral("The disk that holds the run history "))
                     && err.contains(QStringLiteral("is full")),
                 qPrintable(err));
        QVERIFY(read(QStringLiteral("full.out")).contains(QStringLiteral("t6_2"))); // the run's own output
        QVERIFY(QFile::exists(out + QStringLiteral("/results.json")));
        QVERIFY2(read(QStringLiteral("freed.err")).isEmpty(), qPrintable(read(QStringLiteral("freed.err"))));
        const QJsonArray runs = QJsonDocument::fromJson(read(QStringLiteral("list.json")).toUtf8()).array();
        QCOMPARE(runs.size(), 1); // the run after space was freed; the one on the full disk is not there
    }

    void deletedFolderStillShowsAndSaysSo()
    {
        const QString user = QStringLiteral("gone");
        const QString copy = m_dir.filePath(QStringLiteral("copy/t4_1"));
        QVERIFY(QDir().mkpath(copy));
        for (const QString &name : QDir(m_data + QStringLiteral("/t4_1")).entryList(QDir::Files))
            QVERIFY(QFile::copy(m_data + QStringLiteral("/t4_1/") + name, copy + u'/' + name));
        QCOMPARE(analyze(user, {QStringLiteral("serial"), copy}).exitCode, 0);
        QVERIFY(QDir(copy).removeRecursively());
        const QString id = QString::number(listed(user)[0][u"id"].toInteger());
        QVERIFY(!listed(user)[0][u"folders"][0][u"exists"].toBool());
        const AppOutcome show = app(user, {QStringLiteral("history"), QStringLiteral("show"), id});
        QCOMPARE(show.exitCode, 0);
        QVERIFY(show.out.contains(QStringLiteral("t4_1")));
        QVERIFY2(show.err.contains(QStringLiteral("The folder %1 of run %2 no longer exists").arg(copy, id)),
                 qPrintable(show.err));
    }

    void deletePruneAndBadArguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("says");
        QTest::newRow("no such run") << QStringList{QStringLiteral("show"), QStringLiteral("999")} << 1
                                     << QStringLiteral("There is no run 999");
        QTest::newRow("id not a number") << QStringList{QStringLiteral("show"), QStringLiteral("abc")} << 2
                                         << QStringLiteral("usage: qualcluster history");
        QTest::newRow("compare needs two") << QStringList{QStringLiteral("compare"), QStringLiteral("1")} << 2
                                           << QStringLiteral("usage: qualcluster history");
        QTest::newRow("prune without age")
            << QStringList{QStringLiteral("prune")} << 2 << QStringLiteral("--older-than");
        QTest::newRow("prune in weeks") << QStringList{QStringLiteral("prune"), QStringLiteral("--older-than"),
                                                       QStringLiteral("3w")}
                                        << 2 << QStringLiteral("30d or 12h");
        QTest::newRow("unknown action") << QStringList{QStringLiteral("frobnicate")} << 2
                                        << QStringLiteral("usage: qualcluster history");
        QTest::newRow("delete missing") << QStringList{QStringLiteral("delete"), QStringLiteral("999")} << 1
                                        << QStringLiteral("There is no run 999");
    }

    void deletePruneAndBadArguments()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, says);
        const AppOutcome outcome = app(QStringLiteral("a"), QStringList{QStringLiteral("history")} + arguments);
        QCOMPARE(outcome.exitCode, exitCode);
        QVERIFY2(outcome.err.contains(says), qPrintable(outcome.err));
    }

    void deleteAndPruneRemoveRuns()
    {
        const QString user = QStringLiteral("prune");
        QCOMPARE(analyze(user, {QStringLiteral("serial"), m_data}).exitCode, 0);
        QCOMPARE(analyze(user, {QStringLiteral("serial"), m_data}).exitCode, 0);
        const QString newest = QString::number(listed(user)[0][u"id"].toInteger());
        const AppOutcome removed = app(user, {QStringLiteral("history"), QStringLiteral("delete"), newest});
        QCOMPARE(removed.exitCode, 0);
        QCOMPARE(listed(user).size(), 1);
        const AppOutcome young = app(user,
                                     {QStringLiteral("history"), QStringLiteral("prune"),
                                      QStringLiteral("--older-than"), QStringLiteral("30d")});
        QCOMPARE(young.exitCode, 0);
        QVERIFY(young.out.startsWith(QStringLiteral("Removed 0 runs")));
        QCOMPARE(listed(user).size(), 1);
        QTest::qWait(20); // the run started some milliseconds ago: 0h is now
        const AppOutcome all = app(
            user,
            {QStringLiteral("history"), QStringLiteral("prune"), QStringLiteral("--older-than"), QStringLiteral("0h")});
        QVERIFY(all.out.startsWith(QStringLiteral("Removed 1 run ")));
        QCOMPARE(listed(user).size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
