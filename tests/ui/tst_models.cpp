// The GUI's table models, each under QAbstractItemModelTester: real engines, real files, hand-made runs.
#include "cluster/localcluster.h"
#include "cluster/profilestore.h"
#include "models/enginetablemodel.h"
#include "models/errortablemodel.h"
#include "models/foldertablemodel.h"
#include "cluster/processstats.h"
#include "models/profilelistmodel.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QFont>
#include <QFutureWatcher>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <csignal>
#include <memory>

using namespace qc;
using namespace Qt::StringLiterals;

namespace {

bool processAlive(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}

QVariant cell(const QAbstractItemModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(row, column), role);
}

QString text(const QAbstractItemModel &model, int row, int column)
{
    return cell(model, row, column).toString();
}

// Checked after every signal the model sends, for as long as the model lives.
void attachTester(QAbstractItemModel *model)
{
    new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::QtTest, model);
}

bool matches(const QString &value, const char *pattern)
{
    return QRegularExpression(QString::fromLatin1(pattern)).match(value).hasMatch();
}

int rowsInState(const EngineTableModel &model, const QString &state)
{
    int rows = 0;
    for (int row = 0; row < model.rowCount(); ++row)
        rows += text(model, row, EngineTableModel::StateColumn) == state;
    return rows;
}

bool allMemoryShown(const EngineTableModel &model)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (cell(model, row, EngineTableModel::MemoryColumn, EngineTableModel::SortRole).toLongLong() <= 0)
            return false;
    return model.rowCount() > 0;
}

// `reads` records of three values each; CRLF and an indented header where asked.
bool writeQual(const QString &path, int reads, bool crlf = false, bool indent = false)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    const QByteArray end = crlf ? "\r\n" : "\n";
    for (int i = 0; i < reads; ++i)
        file.write(QByteArray((indent ? "  >read" : ">read") + QByteArray::number(i) + end + "20 30 40" + end));
    return file.error() == QFileDevice::NoError;
}

int rowOfFolder(const FolderTableModel &model, const QString &name)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (text(model, row, FolderTableModel::FolderColumn) == name)
            return row;
    return -1;
}

RunResult runWithErrors()
{
    const auto sample = [](const QString &name, const QList<FileError> &errors) {
        SampleResult result;
        result.sample.name = name;
        result.errors = errors;
        return result;
    };
    RunResult run;
    run.samples = {sample(u"t1_1"_s, {{u"/data/t1_1/bad.qual"_s, 7, -1, u"value 101 is above 100"_s},
                                      {u"/data/t1_1/bin.qual"_s, 0, 4096, u"binary data"_s}}),
                   sample(u"t2_1"_s, {}),
                   sample(u"t3_2"_s, {{u"/data/t3_2/gone.qual"_s, 0, -1, u"cannot open"_s}})};
    // A task that could not run names its folder where a file would be (as AnalysisRun does).
    run.runErrors = {{u"t4_1"_s, 0, -1, u"no engine was left"_s}, {u"/data/t5_1/x.qual"_s, 3, -1, u"lost"_s}};
    return run;
}

} // namespace

class TestModels : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_folders.isValid());
        const QDir root(m_folders.path());
        for (const char *name : {"t1_1", "t2_3", "controls"})
            QVERIFY(root.mkdir(QString::fromLatin1(name)));
        QVERIFY(writeQual(root.filePath(u"t1_1/a.qual"_s), 3));
        QVERIFY(writeQual(root.filePath(u"t1_1/b.qual"_s), 2));
        // Three reads in one FASTQ file: counted as reads, not as files or '>' lines.
        QFile fastq(root.filePath(u"t1_1/c.fastq"_s));
        QVERIFY(fastq.open(QIODevice::WriteOnly));
        QVERIFY(fastq.write("@r1\nACG\n+\n!#5\n@r2\nA\n+\nI\n@r3\nAC\n+\n>>\n") > 0);
        fastq.close();
        QVERIFY(writeQual(root.filePath(u"t2_3/c.qual"_s), 4, true, true));
        QVERIFY(writeQual(root.filePath(u"controls/d.qual"_s), 1));
        QVERIFY(writeQual(root.filePath(u"controls/empty.qual"_s), 0));
        QVERIFY(writeQual(root.filePath(u"controls/notes.txt"_s), 9)); // not a quality file
        m_reads = {{u"t1_1"_s, 8}, {u"t2_3"_s, 4}, {u"controls"_s, 1}};
        QStringList problems;
        m_samples = discoverSamples({root.path()}, &problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u' ')));
        QCOMPARE(m_samples.size(), 3);
    }

    void processStats_data()
    {
        QTest::addColumn<qint64>("pid");
        QTest::addColumn<bool>("valid");
        QTest::newRow("this process") << QCoreApplication::applicationPid() << true;
        QTest::newRow("pid 0") << qint64(0) << false;
        QTest::newRow("negative pid") << qint64(-5) << false;
        QTest::newRow("beyond any pid_max") << qint64(0x7fffffff) << false;
    }

    void processStats()
    {
        QFETCH(qint64, pid);
        QFETCH(bool, valid);
        const ProcessStats stats = readProcessStats(pid);
        QCOMPARE(stats.valid, valid);
        if (valid) {
            QVERIFY(stats.cpuSeconds >= 0);
            QVERIFY(stats.rssBytes > 1024 * 1024); // a Qt test process maps more than a megabyte
        }
    }

    void engineHeaders_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("header");
        QTest::addColumn<bool>("rightAligned"); // numbers are, so that their digits line up
        const auto add = [](const char *header, EngineTableModel::Column column, bool right) {
            QTest::newRow(header) << int(column) << QString::fromLatin1(header) << right;
        };
        add("Engine", EngineTableModel::EngineColumn, true);
        add("PID", EngineTableModel::PidColumn, true);
        add("Host", EngineTableModel::HostColumn, false);
        add("State", EngineTableModel::StateColumn, false);
        add("Current task", EngineTableModel::TaskColumn, false);
        add("Tasks done", EngineTableModel::TasksDoneColumn, true);
        add("CPU time (s)", EngineTableModel::CpuColumn, true);
        add("Memory (MB)", EngineTableModel::MemoryColumn, true);
        add("Uptime", EngineTableModel::UptimeColumn, true);
    }

    void engineHeaders()
    {
        QFETCH(int, column);
        QFETCH(QString, header);
        QFETCH(bool, rightAligned);
        EngineTableModel model(nullptr);
        attachTester(&model);
        QCOMPARE(model.columnCount(), int(EngineTableModel::ColumnCount));
        QCOMPARE(model.headerData(column, Qt::Horizontal).toString(), header);
        const auto alignment = Qt::Alignment(model.headerData(column, Qt::Horizontal, Qt::TextAlignmentRole).toInt());
        QCOMPARE(bool(alignment & Qt::AlignRight), rightAligned);
    }

    void engineTableFollowsARealCluster()
    {
        auto cluster = std::make_unique<LocalCluster>(nullptr, QStringLiteral(ENGINE_PATH));
        EngineTableModel model(cluster.get());
        attachTester(&model);
        auto *timer = model.findChild<QTimer *>();
        QVERIFY(timer);
        QVERIFY(!timer->isActive()); // no rows, nothing to refresh

        QSignalSpy ready(cluster.get(), &LocalCluster::ready);
        QVERIFY(cluster->start(3));
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(timer->isActive());
        QVERIFY(ready.wait(20000));

        const QList<EngineInfo> engines = cluster->engines();
        QSet<qint64> pids;
        for (int row = 0; row < 3; ++row) {
            QCOMPARE(cell(model, row, EngineTableModel::EngineColumn).toInt(), engines.at(row).id); // order added
            const qint64 pid = cell(model, row, EngineTableModel::PidColumn).toLongLong();
            QVERIFY(processAlive(pid));
            QVERIFY(pid != QCoreApplication::applicationPid());
            pids.insert(pid);
            QCOMPARE(text(model, row, EngineTableModel::StateColumn), u"idle"_s);
            QVERIFY(!cell(model, row, EngineTableModel::StateColumn, Qt::ToolTipRole).toString().isEmpty());
            QVERIFY(!text(model, row, EngineTableModel::HostColumn).isEmpty());
            QCOMPARE(text(model, row, EngineTableModel::TaskColumn), QString());
            QCOMPARE(text(model, row, EngineTableModel::TasksDoneColumn), u"0"_s);
            QVERIFY(matches(text(model, row, EngineTableModel::UptimeColumn), "^\\d+ s$"));
        }
        QCOMPARE(pids.size(), 3);

        // The timer's refresh fills CPU and memory from /proc.
        QTRY_VERIFY_WITH_TIMEOUT(allMemoryShown(model), 5000);
        for (int row = 0; row < 3; ++row) {
            QVERIFY(matches(text(model, row, EngineTableModel::MemoryColumn), "^\\d+\\.\\d$"));
            QVERIFY(text(model, row, EngineTableModel::MemoryColumn).toDouble() > 0);
            QVERIFY(matches(text(model, row, EngineTableModel::CpuColumn), "^\\d+\\.\\d\\d$"));
        }

        // A model made while the cluster runs starts with its engines.
        EngineTableModel late(cluster.get());
        attachTester(&late);
        QCOMPARE(late.rowCount(), 3);

        // A smaller engine count removes engines on purpose: their rows go once they have exited,
        // and so do their processes.
        cluster->setEngineCount(1);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 10000);
        QCOMPARE(late.rowCount(), 1);
        QCOMPARE(rowsInState(model, u"idle"_s), 1);
        const qint64 kept = cell(model, 0, EngineTableModel::PidColumn).toLongLong();
        for (qint64 pid : std::as_const(pids))
            QCOMPARE(processAlive(pid), pid == kept);
        QVERIFY(timer->isActive()); // one engine still runs

        cluster->stop();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(late.rowCount(), 0);
        QVERIFY(!timer->isActive());

        // A restarted cluster shows only its new engines; deleting it stops them and empties the
        // model, which must not touch the gone cluster afterwards.
        QVERIFY(cluster->start(2));
        QCOMPARE(model.rowCount(), 2);
        cluster.reset();
        QCOMPARE(model.rowCount(), 0);
        QTest::qWait(50);
    }

    void folderTableCountsReads_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("treatment");
        QTest::addColumn<QString>("replicate");
        QTest::addColumn<int>("files");
        QTest::addColumn<qint64>("reads");
        QTest::newRow(".qual and FASTQ") << u"t1_1"_s << u"1"_s << u"1"_s << 3 << qint64(8);
        QTest::newRow("crlf, indented headers") << u"t2_3"_s << u"2"_s << u"3"_s << 1 << qint64(4);
        QTest::newRow("not a tX_Y name, an empty file") << u"controls"_s << QString() << QString() << 2 << qint64(1);
    }

    void folderTableCountsReads()
    {
        QFETCH(QString, folder);
        QFETCH(QString, treatment);
        QFETCH(QString, replicate);
        QFETCH(int, files);
        QFETCH(qint64, reads);
        FolderTableModel model;
        attachTester(&model);
        model.addSamples(m_samples);
        QCOMPARE(model.rowCount(), 3);
        const int row = rowOfFolder(model, folder);
        QVERIFY(row >= 0);
        // Counts arrive through the event loop, so none has landed yet.
        QCOMPARE(text(model, row, FolderTableModel::ReadsColumn), u"counting…"_s);
        QCOMPARE(text(model, row, FolderTableModel::TreatmentColumn), treatment);
        QCOMPARE(text(model, row, FolderTableModel::ReplicateColumn), replicate);
        QCOMPARE(cell(model, row, FolderTableModel::FilesColumn).toInt(), files);
        QCOMPARE(text(model, row, FolderTableModel::StatusColumn), QString());
        QVERIFY(cell(model, row, FolderTableModel::FolderColumn, Qt::ToolTipRole).toString().endsWith(folder));
        QTRY_COMPARE(cell(model, row, FolderTableModel::ReadsColumn).toLongLong(), reads);
        QCOMPARE(cell(model, row, FolderTableModel::ReadsColumn, FolderTableModel::SortRole).toLongLong(), reads);
    }

    void folderTableAddsRemovesAndSetsStatus()
    {
        FolderTableModel model;
        attachTester(&model);
        model.addSamples(m_samples);
        model.addSamples(m_samples); // the same paths again: nothing added
        QCOMPARE(model.rowCount(), 3);

        // Removed while its count runs: the count must not land on whichever row takes its place.
        const QString removed = model.samples().first().name;
        QVERIFY(model.removeRows(0, 1));
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(!model.removeRows(1, 2));
        QVERIFY(!model.removeRows(-1, 1));
        QVERIFY(!model.removeRows(0, 0));
        QTRY_COMPARE(model.findChildren<QFutureWatcherBase *>().size(), 0); // every count delivered or dropped
        for (int row = 0; row < model.rowCount(); ++row) {
            const QString name = text(model, row, FolderTableModel::FolderColumn);
            QVERIFY(name != removed);
            QCOMPARE(cell(model, row, FolderTableModel::ReadsColumn).toLongLong(), m_reads.value(name));
        }

        // Added back, it is counted afresh and goes to the end.
        model.addSamples(m_samples);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.samples().last().name, removed);
        QTRY_COMPARE(cell(model, 2, FolderTableModel::ReadsColumn).toLongLong(), m_reads.value(removed));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setAllStatuses(u"queued"_s);
        model.setStatus(u"t2_3"_s, u"running"_s);
        model.setStatus(u"no such folder"_s, u"done"_s);
        QCOMPARE(changed.size(), 2);
        for (int row = 0; row < 3; ++row) {
            const bool running = text(model, row, FolderTableModel::FolderColumn) == u"t2_3"_s;
            QCOMPARE(text(model, row, FolderTableModel::StatusColumn),
                     running ? u"running"_s : u"queued"_s);
        }
        QVERIFY(model.removeRows(0, 3));
        QVERIFY(model.samples().isEmpty());
    }

    void errorTable_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("path");
        QTest::newRow("a line") << 0 << u"t1_1"_s << u"bad.qual"_s << u"7"_s << u"value 101 is above 100"_s << u"/data/t1_1/bad.qual"_s;
        QTest::newRow("a byte offset") << 1 << u"t1_1"_s << u"bin.qual"_s << u"byte 4096"_s << u"binary data"_s << u"/data/t1_1/bin.qual"_s;
        QTest::newRow("neither") << 2 << u"t3_2"_s << u"gone.qual"_s << QString() << u"cannot open"_s << u"/data/t3_2/gone.qual"_s;
        QTest::newRow("run error naming a folder") << 3 << u"t4_1"_s << u"t4_1"_s << QString() << u"no engine was left"_s << u"t4_1"_s;
        QTest::newRow("run error on a file") << 4 << u"t5_1"_s << u"x.qual"_s << u"3"_s << u"lost"_s << u"/data/t5_1/x.qual"_s;
    }

    void errorTable()
    {
        QFETCH(int, row);
        QFETCH(QString, folder);
        QFETCH(QString, file);
        QFETCH(QString, where);
        QFETCH(QString, reason);
        QFETCH(QString, path);
        ErrorTableModel model;
        attachTester(&model);
        model.setRun(runWithErrors());
        QCOMPARE(model.count(), 5);
        QCOMPARE(text(model, row, ErrorTableModel::FolderColumn), folder);
        QCOMPARE(text(model, row, ErrorTableModel::FileColumn), file);
        QCOMPARE(cell(model, row, ErrorTableModel::FileColumn, Qt::ToolTipRole).toString(), path);
        QCOMPARE(text(model, row, ErrorTableModel::LineColumn), where);
        QCOMPARE(text(model, row, ErrorTableModel::ReasonColumn), reason);
    }

    void errorTableClears()
    {
        ErrorTableModel model;
        attachTester(&model);
        QCOMPARE(model.count(), 0);
        model.setRun(runWithErrors());
        model.setRun(runWithErrors()); // replaces, never appends
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.headerData(ErrorTableModel::LineColumn, Qt::Horizontal).toString(), u"Line"_s);
        model.clear();
        QCOMPARE(model.count(), 0);
        model.setRun(RunResult{});
        QCOMPARE(model.count(), 0);
    }

    void profileList()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const ProfileStore store(folder.path());
        QVERIFY(!store.save({u"zeta"_s, 3}));
        QVERIFY(!store.save({u"alpha"_s, 2}));

        ProfileListModel model(store);
        attachTester(&model);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(ProfileListModel::ColumnCount));
        QCOMPARE(model.headerData(ProfileListModel::ControllerColumn, Qt::Horizontal).toString(), u"Controller PID"_s);
        QCOMPARE(model.profileAt(0).name, u"default"_s);
        QCOMPARE(model.profileAt(0).engines, ProfileStore::defaultEngineCount());
        QCOMPARE(model.rowOf(u"alpha"_s), 1);
        QCOMPARE(model.rowOf(u"zeta"_s), 2);
        QCOMPARE(model.rowOf(u"nope"_s), -1);
        QVERIFY(model.profileAt(3).name.isEmpty() && model.profileAt(-1).name.isEmpty());
        for (int row = 0; row < 3; ++row) {
            QCOMPARE(text(model, row, ProfileListModel::StatusColumn), u"stopped"_s);
            QVERIFY(model.isSaved(row));
            QVERIFY(cell(model, row, ProfileListModel::ControllerColumn).isNull());
        }

        // A cluster being launched has no controller PID yet.
        model.setClusters({{u"alpha"_s, u"starting"_s, 2, 0, {}}});
        QCOMPARE(text(model, 1, ProfileListModel::StatusColumn), u"starting"_s);
        QVERIFY(model.isRunning(u"alpha"_s));
        QVERIFY(cell(model, 1, ProfileListModel::ControllerColumn).isNull());
        // Each refresh replaces the list; a running cluster shows its engines, not the saved count.
        model.setClusters({{u"zeta"_s, u"running"_s, 1, 4242, u"Started from a terminal."_s}});
        QCOMPARE(text(model, 1, ProfileListModel::StatusColumn), u"stopped"_s);
        QCOMPARE(text(model, 2, ProfileListModel::StatusColumn), u"running"_s);
        QCOMPARE(cell(model, 2, ProfileListModel::EnginesColumn).toInt(), 1);
        QCOMPARE(cell(model, 1, ProfileListModel::EnginesColumn).toInt(), 2);
        QCOMPARE(cell(model, 2, ProfileListModel::ControllerColumn).toLongLong(), 4242);
        QCOMPARE(cell(model, 2, ProfileListModel::StatusColumn, Qt::ToolTipRole).toString(), u"Started from a terminal."_s);

        // Clusters of profiles not saved here get rows after the saved ones, by name; a view's
        // current row stays where it is as they come and go.
        QItemSelectionModel selection(&model);
        selection.setCurrentIndex(model.index(2, 0), QItemSelectionModel::ClearAndSelect);
        const ClusterStatus zeta{u"zeta"_s, u"running"_s, 1, 4242, {}};
        model.setClusters({zeta, {u"omega"_s, u"running"_s, 4, 99, {}}, {u"beta-x"_s, u"running"_s, 1, 98, {}}});
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.rowOf(u"beta-x"_s), 3);
        QCOMPARE(model.rowOf(u"omega"_s), 4);
        QVERIFY(!model.isSaved(3) && !model.isSaved(4) && model.isSaved(2));
        QVERIFY(cell(model, 4, ProfileListModel::ProfileColumn, Qt::FontRole).value<QFont>().italic());
        QVERIFY(!cell(model, 2, ProfileListModel::ProfileColumn, Qt::FontRole).isValid());
        QCOMPARE(cell(model, 4, ProfileListModel::EnginesColumn).toInt(), 4);
        QCOMPARE(selection.currentIndex().row(), 2);
        model.setClusters({zeta, {u"omega"_s, u"running"_s, 4, 99, {}}});
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.rowOf(u"beta-x"_s), -1);
        QCOMPARE(selection.currentIndex().row(), 2);

        // A saved "default" and a new profile: "default" stays first, the running status and the
        // unsaved row survive.
        QVERIFY(!store.save({u"default"_s, 5}));
        QVERIFY(!store.save({u"beta"_s, 4}));
        model.reload();
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.profileAt(0).name, u"default"_s);
        QCOMPARE(cell(model, 0, ProfileListModel::EnginesColumn).toInt(), 5);
        QCOMPARE(model.rowOf(u"beta"_s), 2);
        QCOMPARE(model.rowOf(u"omega"_s), 4);
        QVERIFY(!model.isSaved(4));
        QCOMPARE(text(model, model.rowOf(u"zeta"_s), ProfileListModel::StatusColumn), u"running"_s);

        // "stopped" keeps an unsaved row (the selected one whose cluster was lost).
        model.setClusters({{u"omega"_s, u"stopped"_s, 0, 0, u"It was killed."_s}});
        QCOMPARE(model.rowOf(u"omega"_s), 4);
        QVERIFY(!model.isRunning(u"omega"_s));
        QCOMPARE(text(model, 4, ProfileListModel::StatusColumn), u"stopped"_s);
        QVERIFY(cell(model, 4, ProfileListModel::ControllerColumn).isNull());
        model.setClusters({});
        QCOMPARE(model.rowCount(), 4);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(text(model, row, ProfileListModel::StatusColumn), u"stopped"_s);
        QCOMPARE(cell(model, 3, ProfileListModel::EnginesColumn).toInt(), 3);
    }

private:
    QTemporaryDir m_folders;
    QList<Sample> m_samples;
    QHash<QString, qint64> m_reads; // by sample name
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
