// The run history: a recorded run comes back identical, and every fault (a newer file, a corrupt
// one, a lock held by another QualCluster) gives a sentence instead of a failed run.
#include "analysis/sample.h"
#include "demo/demodata.h"
#include "history/historydb.h"
#include "history/runcomparison.h"
#include "history/runresultcodec.h"
#include "report/jsonreport.h"
#include "stats/positionstats.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include "tinyrun.h"

namespace {

// A real run over the demo data (plus one unreadable file), done in this process.
qc::RunResult analyse(const QString &dir, double wallSeconds)
{
    QStringList problems;
    const QList<qc::Sample> samples = qc::discoverSamples({dir}, &problems);
    qc::RunAccumulator accumulator(samples);
    for (const qc::AnalysisTask &task : qc::planTasks(samples, 2))
        accumulator.add(qc::runTask(task));
    qc::RunTiming timing;
    timing.mode = QStringLiteral("threads");
    timing.engines = 2;
    timing.startupSeconds = 0.25;
    timing.wallSeconds = wallSeconds;
    timing.serialSeconds = 2 * wallSeconds * 0.9;
    return accumulator.take(timing);
}

// A second connection to the same file, as another QualCluster (or sqlite3) would have.
class OtherConnection
{
public:
    explicit OtherConnection(const QString &path)
        : m_name(QStringLiteral("other-%1").arg(quintptr(this)))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.open();
    }
    ~OtherConnection()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    QVariant value(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name));
        return query.exec(sql) && query.next() ? query.value(0) : QVariant();
    }
    bool exec(const QString &sql) { return QSqlQuery(QSqlDatabase::database(m_name)).exec(sql); }

private:
    QString m_name;
};

} // namespace

class TestHistoryDb : public QObject
{
    Q_OBJECT

    QTemporaryDir m_data;
    qc::RunResult m_run;

    QString freshPath()
    {
        static int count = 0;
        return m_data.filePath(QStringLiteral("history-%1/history.sqlite").arg(++count));
    }

    static qc::RunContext cliContext()
    {
        qc::RunContext context;
        context.source = QStringLiteral("cli");
        context.profile = QStringLiteral("default");
        context.launcher = QStringLiteral("local");
        context.exitStatus = 3;
        context.errors = {QStringLiteral("1 file was rejected.")};
        context.outputs = {QStringLiteral("/tmp/out/results.json"), QStringLiteral("/tmp/out/charts")};
        return context;
    }

private slots:
    void initTestCase()
    {
        qc::DemoOptions options;
        options.readsPerFolder = 6;
        QVERIFY(!qc::writeDemoData(m_data.filePath(QStringLiteral("demo")), options));
        QFile bad(m_data.filePath(QStringLiteral("demo/t1_1/zz_broken.qual")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("not a qual file\n");
        bad.close();
        m_run = analyse(m_data.filePath(QStringLiteral("demo")), 1.5);
        QCOMPARE(m_run.samples.size(), 12);
        QVERIFY(m_run.rejectedFiles() > 0);
    }

    void blobRoundTripIsExact()
    {
        const auto decoded = qc::decodeRunResult(qc::encodeRunResult(m_run));
        QVERIFY(decoded);
        QCOMPARE(qc::runToJson(*decoded), qc::runToJson(m_run));
        QCOMPARE(decoded->samples[0].sample.files, m_run.samples[0].sample.files);
        QVERIFY(!qc::decodeRunResult(QByteArrayLiteral("not a blob")));
        QByteArray truncated = qc::encodeRunResult(m_run);
        truncated.chop(truncated.size() / 2);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^qUncompress")));
        QVERIFY(!qc::decodeRunResult(truncated));
    }

    void recordListAndLoadGiveTheSameRun()
    {
        const QString path = freshPath();
        qc::HistoryDb history(path);
        QVERIFY2(history.open(), qPrintable(history.errorString()));
        QVERIFY(history.notice().isEmpty());
        const auto id = history.record(m_run, cliContext());
        QVERIFY2(id, qPrintable(history.errorString()));

        const auto runs = history.list();
        QVERIFY(runs);
        QCOMPARE(runs->size(), 1);
        const qc::RunRecord &listed = runs->first();
        QCOMPARE(listed.id, *id);
        QCOMPARE(listed.source, QStringLiteral("cli"));
        QCOMPARE(listed.mode, QStringLiteral("threads"));
        QCOMPARE(listed.engines, 2);
        QCOMPARE(listed.exitStatus, 3);
        QCOMPARE(listed.outputs, cliContext().outputs);
        QCOMPARE(listed.wallSeconds, 1.5);
        QCOMPARE(listed.speedup, m_run.timing.speedup());
        QCOMPARE(listed.efficiency, m_run.timing.efficiency());
        QCOMPARE(listed.folders.size(), 12);
        QCOMPARE(listed.folders[3].path, m_run.samples[3].sample.path);
        QCOMPARE(listed.folders[3].reads, m_run.samples[3].reads);
        QVERIFY(listed.finishedAt >= listed.startedAt);

        const auto loaded = history.load(*id);
        QVERIFY2(loaded, qPrintable(history.errorString()));
        QCOMPARE(loaded->samples.size(), m_run.samples.size());
        for (int i = 0; i < m_run.samples.size(); ++i) {
            const qc::SampleResult &was = m_run.samples[i];
            const qc::SampleResult &is = loaded->samples[i];
            const auto statsWas = qc::positionStats(was.histogram);
            const auto statsIs = qc::positionStats(is.histogram);
            QCOMPARE(statsIs.size(), statsWas.size());
            for (std::size_t p = 0; p < statsWas.size(); ++p) {
                QCOMPARE(statsIs[p].mean, statsWas[p].mean);
                QCOMPARE(statsIs[p].median, statsWas[p].median);
                QCOMPARE(statsIs[p].p10, statsWas[p].p10);
                QCOMPARE(statsIs[p].p90, statsWas[p].p90);
            }
            QCOMPARE(is.clearHistogram, was.clearHistogram);
            QCOMPARE(is.readSummaries, was.readSummaries);
            QCOMPARE(is.qcSummary(), was.qcSummary());
            QCOMPARE(is.errors, was.errors);
        }
        QCOMPARE(qc::runToJson(*loaded), qc::runToJson(m_run));

        // Written ahead: a crash mid-write leaves the last committed run, never a torn file.
        OtherConnection other(path);
        QCOMPARE(other.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        QCOMPARE(other.value(QStringLiteral("SELECT count(*) FROM run_tasks")).toInt(), m_run.tasks.size());
    }

    void listFiltersByProfileAndFolderNewestFirst()
    {
        qc::HistoryDb history(freshPath());
        QVERIFY(history.open());
        qc::RunContext context = cliContext();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 3; ++i) {
            context.profile = i == 1 ? QStringLiteral("slurm-big") : QStringLiteral("default");
            context.startedAt = now.addSecs(-3600 * (3 - i));
            context.finishedAt = context.startedAt.addSecs(2);
            qc::RunResult run = m_run;
            if (i == 2)
                run.samples = {m_run.samples[0]}; // t1_1 only
            QVERIFY(history.record(run, context));
        }
        const auto all = history.list();
        QCOMPARE(all->size(), 3);
        QVERIFY(all->at(0).startedAt > all->at(1).startedAt); // newest first
        QCOMPARE(history.list({QStringLiteral("slurm-big"), {}, 0})->size(), 1);
        QCOMPARE(history.list({{}, QStringLiteral("t6_2"), 0})->size(), 2);
        QCOMPARE(history.list({QStringLiteral("default"), QStringLiteral("t6_2"), 0})->size(), 1);
        QCOMPARE(history.list({{}, QStringLiteral("100%_"), 0})->size(), 0); // LIKE wildcards are text
        const auto newest = history.list({{}, {}, 1});
        QCOMPARE(newest->size(), 1);
        QCOMPARE(newest->first().folders.size(), 1);
    }

    // The files as a crash mid-write leaves them: another connection's transaction half done, its
    // pages already spilled into the write-ahead log. A copy of them opens with the committed runs
    // only, nothing moved aside.
    void crashMidWriteLeavesTheCommittedRuns()
    {
        const QString path = freshPath();
        qc::HistoryDb history(path);
        QVERIFY(history.open());
        QVERIFY(history.record(m_run, cliContext()));
        OtherConnection writer(path);
        QVERIFY(writer.exec(QStringLiteral("PRAGMA cache_size = 1"))); // spill to the log at once
        QVERIFY(writer.exec(QStringLiteral("BEGIN IMMEDIATE")));
        QVERIFY(
            writer.exec(QStringLiteral("INSERT INTO runs (started_at, finished_at, source, profile, launcher, hosts,"
                                       " mode, engines, wall_seconds, startup_seconds, exit_status, errors, outputs)"
                                       " VALUES (0, 0, 'cli', '', '', '', 'serial', 1, 1, 0, 0, '', '')")));
        for (int i = 0; i < 200; ++i)
            QVERIFY(writer.exec(QStringLiteral("INSERT INTO run_results (run_id, format, data)"
                                               " VALUES (1000 + %1, 1, randomblob(4000))")
                                    .arg(i)));
        QVERIFY(QFileInfo(path + QStringLiteral("-wal")).size() > 100000); // the half-done write is on disk

        const QString crashed = m_data.filePath(QStringLiteral("crashed"));
        QVERIFY(QDir().mkpath(crashed));
        for (const QString &suffix : {QString(), QStringLiteral("-wal")})
            QVERIFY(QFile::copy(path + suffix, crashed + QStringLiteral("/history.sqlite") + suffix));
        QVERIFY(writer.exec(QStringLiteral("ROLLBACK")));

        qc::HistoryDb after(crashed + QStringLiteral("/history.sqlite"));
        QVERIFY2(after.open(), qPrintable(after.errorString()));
        QVERIFY(after.notice().isEmpty());
        const auto runs = after.list();
        QCOMPARE(runs->size(), 1);
        QVERIFY(after.load(runs->first().id));
        QVERIFY(after.record(m_run, cliContext()));
    }

    void newerSchemaIsRefusedAndLeftAsItIs()
    {
        const QString path = freshPath();
        QDir().mkpath(QFileInfo(path).absolutePath());
        {
            OtherConnection other(path);
            QVERIFY(other.exec(QStringLiteral("CREATE TABLE future (x)")));
            QVERIFY(other.exec(QStringLiteral("PRAGMA user_version = 99")));
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();
        qc::HistoryDb history(path);
        QVERIFY(!history.open());
        QVERIFY2(history.errorString().contains(QStringLiteral("newer QualCluster")),
                 qPrintable(history.errorString()));
        QVERIFY(history.errorString().contains(path));
        QVERIFY(!history.record(m_run, cliContext()));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);
    }

    void corruptFileIsMovedAsideAndANewOneStarted()
    {
        const QString path = freshPath();
        const QString folder = QFileInfo(path).absolutePath();
        QDir().mkpath(folder);
        const QByteArray garbage = QByteArray("this is no database, only some text that took its name\n").repeated(100);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(garbage);
        file.close();

        qc::HistoryDb history(path);
        QVERIFY2(history.open(), qPrintable(history.errorString()));
        const QStringList aside = QDir(folder).entryList({QStringLiteral("history.sqlite.corrupt-*")}, QDir::Files);
        QCOMPARE(aside.size(), 1);
        const QString moved = folder + u'/' + aside.first();
        QVERIFY2(history.notice().contains(path) && history.notice().contains(moved), qPrintable(history.notice()));
        QFile kept(moved);
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), garbage); // never lost
        QVERIFY(history.record(m_run, cliContext()));
        QCOMPARE(history.list()->size(), 1);
    }

    void lockedDatabaseGivesUpWithAMessage()
    {
        const QString path = freshPath();
        qc::HistoryDb history(path);
        QVERIFY(history.open());
        OtherConnection other(path);
        QVERIFY(other.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        QVERIFY(other.exec(QStringLiteral("DELETE FROM runs")));
        QElapsedTimer waited;
        waited.start();
        QVERIFY(!history.record(m_run, cliContext()));
        QVERIFY2(history.errorString().contains(QStringLiteral("locked by another QualCluster")),
                 qPrintable(history.errorString()));
        QVERIFY(history.errorString().contains(path));
        QVERIFY(waited.elapsed() >= 1500); // it waited for the other writer before giving up
        QVERIFY(other.exec(QStringLiteral("ROLLBACK")));
        QVERIFY(history.record(m_run, cliContext())); // usable again once the other lets go
    }

    void deleteAndPrune()
    {
        const QString path = freshPath();
        qc::HistoryDb history(path);
        QVERIFY(history.open());
        qc::RunContext context = cliContext();
        QList<qint64> ids;
        for (int daysAgo : {40, 31, 2}) {
            context.startedAt = QDateTime::currentDateTimeUtc().addDays(-daysAgo);
            context.finishedAt = context.startedAt.addSecs(5);
            ids.append(*history.record(m_run, context));
        }
        QCOMPARE(history.prune(QDateTime::currentDateTimeUtc().addDays(-30)), 2);
        QCOMPARE(history.list()->size(), 1);
        QVERIFY(!history.load(ids[0]));
        QVERIFY(history.remove(ids[2]));
        QCOMPARE(history.list()->size(), 0);
        QVERIFY(!history.remove(ids[2]));
        QVERIFY2(history.errorString().contains(QStringLiteral("no run %1").arg(ids[2])),
                 qPrintable(history.errorString()));
        // A run's folders, results and tasks go with it.
        OtherConnection other(path);
        for (const QString &table :
             {QStringLiteral("run_folders"), QStringLiteral("run_results"), QStringLiteral("run_tasks")})
            QCOMPARE(other.value(QStringLiteral("SELECT count(*) FROM ") + table).toInt(), 0);
    }

    // The bar: the list of 10,000 runs opens in 200 ms. Small results, so that filling the
    // file stays quick; list() never reads them anyway.
    // How fast this is, is a benchmark's business (qualcluster-historybench): here, that 10,000
    // runs all come back, newest first, each with its folders, and that a filter finds its tenth.
    void tenThousandRunsAreAllListedAndFiltered()
    {
        qc::HistoryDb history(freshPath());
        QVERIFY(history.open());
        qc::RunResult small = tinyRun();
        small.timing = m_run.timing;
        qc::RunContext context = cliContext();
        const QDateTime start =
            QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch() - 100 * 86400, Qt::UTC);
        for (int i = 0; i < 10000; ++i) {
            context.startedAt = start.addSecs(i * 60);
            context.finishedAt = context.startedAt.addSecs(2);
            context.profile = i % 10 == 0 ? QStringLiteral("slurm") : QStringLiteral("default");
            QVERIFY(history.record(small, context));
        }
        qc::HistoryDb reopened(history.path()); // as the window or `history list` opens it
        QVERIFY(reopened.open());
        const auto runs = reopened.list();
        QVERIFY(runs);
        QCOMPARE(runs->size(), 10000);
        QCOMPARE(runs->first().startedAt, start.addSecs(9999 * 60));
        QCOMPARE(runs->last().startedAt, start);
        QCOMPARE(runs->first().folders.size(), 2);
        QCOMPARE(runs->last().folders.at(1).name, QStringLiteral("t2_1"));
        const auto slurm = reopened.list({QStringLiteral("slurm"), {}, 0});
        QVERIFY(slurm);
        QCOMPARE(slurm->size(), 1000);
        QCOMPARE(reopened.list({{}, {}, 25})->size(), 25);
    }

    void comparisonOfTwoRuns()
    {
        const qc::RunComparison same = qc::compareRuns(m_run, m_run);
        QVERIFY(same.sameFolders());
        QCOMPARE(same.folders.size(), 12);
        for (const qc::FolderDifference &folder : same.folders)
            QCOMPARE(folder.maxAbsDifference, 0.0);

        // B lacks t1_1, and its t2_1 has one more read, of quality 60 at every position.
        qc::RunResult b = m_run;
        b.samples.removeFirst();
        qc::SampleResult &t2 = b.samples[1];
        QCOMPARE(t2.sample.name, QStringLiteral("t2_1"));
        std::vector<std::uint8_t> high(std::size_t(t2.histogram.positionCount()), 60);
        t2.histogram.addRead(high);
        const qc::RunComparison differs = qc::compareRuns(m_run, b);
        QVERIFY(!differs.sameFolders());
        QCOMPARE(differs.onlyInA, QStringList{m_run.samples[0].sample.path});
        QVERIFY(differs.onlyInB.isEmpty());
        QCOMPARE(differs.folders.size(), 11);
        const qc::FolderDifference &changed = differs.folders[1];
        QCOMPARE(changed.name, QStringLiteral("t2_1"));
        QVERIFY(changed.maxAbsDifference > 0);
        QVERIFY(changed.meanAbsDifference > 0 && changed.meanAbsDifference <= changed.maxAbsDifference);
        // Position 1: the old mean moves towards 60 by one read's share.
        const auto before = qc::statsAt(m_run.samples[2].histogram, 0);
        const double expected = (before.mean * double(before.count) + 60) / double(before.count + 1) - before.mean;
        QVERIFY(std::abs(changed.meanDifference[0] - expected) < 1e-9);
        QCOMPARE(differs.folders[0].maxAbsDifference, 0.0);
    }
};

QTEST_GUILESS_MAIN(TestHistoryDb)
#include "tst_historydb.moc"
