// The folder, error and profile table models, each under QAbstractItemModelTester: real files,
// hand-made runs, a private profile folder. The engine table has tst_enginemodel.
#include "cluster/profilestore.h"
#include "models/errortablemodel.h"
#include "models/foldertablemodel.h"
#include "models/profilelistmodel.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QFont>
#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace qc;
using namespace Qt::StringLiterals;

namespace {

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
    run.samples = {sample(u"t1_1"_s,
                          {{u"/data/t1_1/bad.qual"_s, 7, -1, u"value 101 is above 100"_s},
                           {u"/data/t1_1/bin.qual"_s, 0, 4096, u"binary data"_s}}),
                   sample(u"t2_1"_s, {}), sample(u"t3_2"_s, {{u"/data/t3_2/gone.qual"_s, 0, -1, u"cannot open"_s}})};
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
        // Not a quality file: a .txt is read only when its first bytes are reads, and these are words.
        QFile notes(root.filePath(u"controls/notes.txt"_s));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        QVERIFY(notes.write("Controls of plate 3, sequenced with the t1 and t2 runs.\n") > 0);
        notes.close();
        m_reads = {{u"t1_1"_s, 8}, {u"t2_3"_s, 4}, {u"controls"_s, 1}};
        QStringList problems;
        m_samples = discoverSamples({root.path()}, &problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u' ')));
        QCOMPARE(m_samples.size(), 3);
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
            QCOMPARE(text(model, row, FolderTableModel::StatusColumn), running ? u"running"_s : u"queued"_s);
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
        QTest::newRow("a line") << 0 << u"t1_1"_s << u"bad.qual"_s << u"7"_s << u"value 101 is above 100"_s
                                << u"/data/t1_1/bad.qual"_s;
        QTest::newRow("a byte offset") << 1 << u"t1_1"_s << u"bin.qual"_s << u"byte 4096"_s << u"binary data"_s
                                       << u"/data/t1_1/bin.qual"_s;
        QTest::newRow("neither") << 2 << u"t3_2"_s << u"gone.qual"_s << QString() << u"cannot open"_s
                                 << u"/data/t3_2/gone.qual"_s;
        QTest::newRow("run error naming a folder")
            << 3 << u"t4_1"_s << u"t4_1"_s << QString() << u"no engine was left"_s << u"t4_1"_s;
        QTest::newRow("run error on a file")
            << 4 << u"t5_1"_s << u"x.qual"_s << u"3"_s << u"lost"_s << u"/data/t5_1/x.qual"_s;
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
        QCOMPARE(cell(model, 2, ProfileListModel::StatusColumn, Qt::ToolTipRole).toString(),
                 u"Started from a terminal."_s);

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

    // Each saved profile says where its engines run; a row only there for its cluster cannot.
    void profileListShowsLaunchers()
    {
        QTemporaryDir folder;
        const ProfileStore store(folder.path());
        Profile slurm{u"hpc"_s, 4, u"slurm"_s};
        slurm.partition = u"debug"_s;
        slurm.time = u"00:10:00"_s;
        Profile ssh{u"far"_s, 2, u"ssh"_s};
        ssh.hosts = {u"node1:2"_s, u"node2"_s};
        for (const Profile &profile : {slurm, ssh, Profile{u"here"_s, 1}})
            QVERIFY(!store.save(profile));

        ProfileListModel model(store);
        attachTester(&model);
        QCOMPARE(model.headerData(ProfileListModel::LauncherColumn, Qt::Horizontal).toString(), u"Launcher"_s);
        const auto launcher = [&model](const QString &name, int role = Qt::DisplayRole) {
            return cell(model, model.rowOf(name), ProfileListModel::LauncherColumn, role).toString();
        };
        QCOMPARE(launcher(u"default"_s), u"local"_s);
        QCOMPARE(launcher(u"here"_s), u"local"_s);
        QCOMPARE(launcher(u"hpc"_s), u"slurm"_s);
        QCOMPARE(launcher(u"far"_s), u"ssh"_s);
        QCOMPARE(launcher(u"hpc"_s, Qt::ToolTipRole),
                 u"Each engine is a Slurm job (partition debug, time limit 00:10:00)."_s);
        QCOMPARE(launcher(u"far"_s, Qt::ToolTipRole), u"Engines are started over ssh on node1:2, node2."_s);
        QCOMPARE(launcher(u"here"_s, Qt::ToolTipRole), u"Engines are processes on this machine."_s);

        model.setClusters({{u"elsewhere"_s, u"running"_s, 2, 77, {}}});
        QVERIFY(!model.isSaved(model.rowOf(u"elsewhere"_s)));
        QCOMPARE(launcher(u"elsewhere"_s), QString());
        QCOMPARE(launcher(u"elsewhere"_s, Qt::ToolTipRole), QString());
    }

private:
    QTemporaryDir m_folders;
    QList<Sample> m_samples;
    QHash<QString, qint64> m_reads; // by sample name
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
