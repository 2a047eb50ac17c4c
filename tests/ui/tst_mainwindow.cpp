// The desktop app as a user drives it: start a cluster, drop folders, run, cancel, export, close.
#include "charts/qualitychart.h"
#include "cluster/controllerclient.h"
#include "cluster/profilestore.h"
#include "cluster/runcontroller.h"
#include "demo/demodata.h"
#include "history/historydb.h"
#include "mainwindow.h"
#include "models/enginetablemodel.h"
#include "models/foldertablemodel.h"
#include "models/historytablemodel.h"
#include "models/profilelistmodel.h"
#include "panels/chartspanel.h"
#include "panels/clusterspanel.h"
#include "panels/datapanel.h"
#include "panels/historypanel.h"
#include "panels/qcpanel.h"
#include "panels/runpanel.h"
#include "panels/scalingdialog.h"
#include "panels/tasktimelinewidget.h"
#include "panels/timingpanel.h"
#include "report/multiqcreport.h"

#include <QAction>
#include <QChart>
#include <QFile>
#include <QHeaderView>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMimeData>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QXYSeries>
#include <QtTest>

#include "ciservices.h"
#include "clusterfixture.h"
#include "envguard.h"

#include <algorithm>
#include <csignal>

namespace {

QPushButton *button(QWidget *root, const QString &accessibleName)
{
    for (auto *candidate : root->findChildren<QPushButton *>())
        if (candidate->accessibleName() == accessibleName)
            return candidate;
    return nullptr;
}

QList<qint64> enginePids(const qc::Cluster *cluster)
{
    QList<qint64> pids;
    for (const qc::EngineInfo &engine : cluster->engines())
        pids.append(engine.pid);
    return pids;
}

QString cell(const QAbstractItemModel *model, int row, int column)
{
    return model->index(row, column).data().toString();
}

// Every row of the engines table passes `test`, and there are `count` of them.
template<typename Test> bool everyEngine(const qc::EngineTableModel *model, int count, Test test)
{
    if (model->rowCount() != count)
        return false;
    for (int row = 0; row < count; ++row)
        if (!test(row))
            return false;
    return true;
}

// Whether a table's columns have the widths it fits them to for what it shows now
// (ResizeToContents, the last one stretched): it does so when it next lays out, after a change.
bool columnsFitted(const QTableView *view)
{
    const QHeaderView *header = view->horizontalHeader();
    const auto *itemView = static_cast<const QAbstractItemView *>(view); // its size hints are public here
    for (int column = 0; column < header->count() - 1; ++column) {
        const int fitted = std::clamp(std::max(itemView->sizeHintForColumn(column), header->sectionSizeHint(column)),
                                      header->minimumSectionSize(), header->maximumSectionSize());
        if (!header->isSectionHidden(column) && header->sectionSize(column) != fitted)
            return false;
    }
    return true;
}

// Whether the engines table, laid out for what it shows now, has every column, Uptime the last,
// without scrolling; if not, `why` says so.
bool uptimeVisible(const qc::ClustersPanel *panel, QString *why)
{
    for (const QTableView *view : panel->findChildren<QTableView *>()) {
        if (view->model() != panel->engineModel())
            continue;
        if (!columnsFitted(view)) {
            *why = QStringLiteral("the engines table has not fitted its columns to its contents");
            return false;
        }
        const QHeaderView *header = view->horizontalHeader();
        const int uptime = qc::EngineTableModel::UptimeColumn;
        const int right = header->sectionViewportPosition(uptime) + header->sectionSizeHint(uptime);
        *why = QStringLiteral(
                   "the engines table is wider than the Clusters panel: the Uptime column ends at %1 of %2 pixels")
                   .arg(right)
                   .arg(view->viewport()->width());
        return right <= view->viewport()->width();
    }
    *why = QStringLiteral("the Clusters panel has no engines table");
    return false;
}

// What `squeue` has of the profile's jobs: one "ID STATE" line per array task.
QStringList queuedJobs(const QString &profile)
{
    QProcess squeue;
    squeue.start(QStringLiteral("squeue"),
                 {QStringLiteral("-h"), QStringLiteral("-r"), QStringLiteral("-n"),
                  QStringLiteral("qualcluster-") + profile, QStringLiteral("-o"), QStringLiteral("%i %T")});
    if (!squeue.waitForFinished(15000) || squeue.exitCode() != 0)
        return {QStringLiteral("squeue failed: ") + QString::fromLocal8Bit(squeue.readAllStandardError())};
    return QString::fromUtf8(squeue.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_data;

    // The Clusters panel while the jobs wait and once their engines are idle, one above the other.
    static void saveScreenshot(const QPixmap &pending, const QPixmap &idle)
    {
        QImage picture(std::max(pending.width(), idle.width()), pending.height() + idle.height() + 6,
                       QImage::Format_RGB32);
        picture.fill(Qt::darkGray);
        QPainter painter(&picture);
        painter.drawPixmap(0, 0, pending);
        painter.drawPixmap(0, pending.height() + 6, idle);
        painter.end();
        // Beside the test program, as tst_timingpanel keeps its picture: never in a shared folder.
        const QString path = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("slurm-engines.png"));
        if (picture.save(path))
            qInfo("Wrote %s", qPrintable(path));
    }

    static QList<QList<QPointF>> linesOf(const QChart *chart)
    {
        QList<QList<QPointF>> lines;
        for (const QAbstractSeries *series : chart->series())
            if (const auto *xy = qobject_cast<const QXYSeries *>(series))
                lines.append(xy->points());
        return lines;
    }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<qc::RunResult>();
        qc::DemoOptions options;
        options.readsPerFolder = 12;
        QVERIFY(!qc::writeDemoData(m_data.path(), options));
    }

    // Each test's clusters are its own, and none outlives it.
    void init() { fixture::useNewRuntimeFolder(); }

    void cleanup() { fixture::cli({QStringLiteral("cluster"), QStringLiteral("stop"), QStringLiteral("--all")}); }

    void startButtonGivesLiveEnginesAndStopLeavesNone()
    {
        MainWindow window;
        window.show();
        window.clustersPanel()->setEngineCount(3);
        QSignalSpy ready(window.cluster(), &qc::Cluster::ready);
        QPushButton *start = button(&window, QStringLiteral("Start the cluster"));
        QVERIFY(start);
        QTest::mouseClick(start, Qt::LeftButton);
        QVERIFY(ready.wait(20000));
        const qc::EngineTableModel *engines = window.clustersPanel()->engineModel();
        QCOMPARE(engines->rowCount(), 3);
        QSet<qint64> pids;
        for (int row = 0; row < engines->rowCount(); ++row)
            pids.insert(engines->index(row, qc::EngineTableModel::PidColumn).data().toLongLong());
        QCOMPARE(pids.size(), 3);
        for (qint64 pid : std::as_const(pids))
            QVERIFY(processAlive(pid) && pid != QCoreApplication::applicationPid());

        // The engines are another process's (the cluster's controller): they go a moment later.
        QTest::mouseClick(button(&window, QStringLiteral("Stop the cluster")), Qt::LeftButton);
        QTRY_COMPARE(engines->rowCount(), 0);
        for (qint64 pid : std::as_const(pids))
            QTRY_VERIFY(!processAlive(pid));
        QVERIFY(fixture::noClusterRuns());
    }

    void droppedFoldersAreAddedWithTreatmentAndReplicate()
    {
        MainWindow window;
        window.show();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(m_data.filePath(QStringLiteral("t3_2"))),
                      QUrl::fromLocalFile(m_data.filePath(QStringLiteral("t5_1")))});
        // What a file manager's drag delivers: enter (the window says it takes the folders), then drop.
        const QPoint centre = window.rect().center();
        QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(drop.isAccepted());
        const qc::FolderTableModel *folders = window.dataPanel()->model();
        QCOMPARE(folders->rowCount(), 2);
        QCOMPARE(folders->index(0, qc::FolderTableModel::FolderColumn).data().toString(), QStringLiteral("t3_2"));
        QCOMPARE(folders->index(0, qc::FolderTableModel::TreatmentColumn).data().toInt(), 3);
        QCOMPARE(folders->index(0, qc::FolderTableModel::ReplicateColumn).data().toInt(), 2);
        QCOMPARE(folders->index(1, qc::FolderTableModel::TreatmentColumn).data().toInt(), 5);
        QTRY_COMPARE(folders->index(1, qc::FolderTableModel::ReadsColumn).data().toInt(), 12);
    }

    void runGivesChartsAndTimingThatMatchTheResults()
    {
        MainWindow window;
        window.show();
        window.dataPanel()->addPaths({m_data.path()});
        window.clustersPanel()->setEngineCount(2);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QTest::mouseClick(button(&window, QStringLiteral("Run the analysis")), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QVERIFY(window.lastRun());
        const qc::RunResult &run = *window.lastRun();
        QCOMPARE(run.samples.size(), 12);
        QCOMPARE(window.chartsPanel()->folderCount(), 12);
        QVERIFY(run.timing.serialSeconds); // "Compare with a serial run" is on by default
        QVERIFY(window.timingPanel()->speedupText().contains(QStringLiteral("2 engines")));
        window.chartsPanel()->showFolder(QStringLiteral("t2_1"));
        QCOMPARE(window.chartsPanel()->currentChart()->title(), qc::chartTitle(run.samples[2]));
        QCOMPARE(window.cluster()->connectedCount(), 2);
        // The run started the profile's cluster: a controller the command line sees, owned by the window.
        const QString profile = window.cluster()->profile();
        QCOMPARE(fixture::controllerPid(profile), window.cluster()->record().pid);
        QVERIFY(window.clustersPanel()->clustersStartedHere().contains(profile));
    }

    // Every run goes into the run history; a window opened later shows it again from there, with
    // the same charts, without a cluster and without recomputing.
    void runIsRecordedAndReopensFromTheHistory()
    {
        QString liveTitle;
        QList<QList<QPointF>> liveLines; // every line of the t2_1 chart: means, bands, ...
        QString liveSpeedup;
        qint64 id = 0;
        {
            MainWindow window;
            window.show();
            window.dataPanel()->addPaths({m_data.path()});
            window.clustersPanel()->setEngineCount(2);
            QSignalSpy inHistory(&window, &MainWindow::runRecorded);
            const QDateTime askedAt = QDateTime::currentDateTimeUtc();
            window.runAnalysis();
            QVERIFY(inHistory.wait(60000));
            // Refreshed after the run. (An earlier test's window may have closed before its run was
            // recorded: that run is older.)
            const qc::HistoryTableModel *runs = window.historyPanel()->model();
            QList<int> rows;
            for (int row = 0; row < runs->rowCount(); ++row)
                if (runs->run(row).startedAt >= askedAt)
                    rows.append(row);
            QCOMPARE(rows.size(), 1);
            const int newest = rows.first();
            const qc::RunRecord &recorded = runs->run(newest);
            QCOMPARE(recorded.source, QStringLiteral("gui"));
            QCOMPARE(recorded.profile, window.cluster()->profile());
            QCOMPARE(recorded.folders.size(), 12);
            QCOMPARE(recorded.engines, 2);
            id = recorded.id;
            window.chartsPanel()->showFolder(QStringLiteral("t2_1"));
            liveTitle = window.chartsPanel()->currentChart()->title();
            liveLines = linesOf(window.chartsPanel()->currentChart());
            QVERIFY(!liveLines.isEmpty());
            liveSpeedup = window.timingPanel()->speedupText();
        }
        fixture::cli({QStringLiteral("cluster"), QStringLiteral("stop"), QStringLiteral("--all")});

        MainWindow later;
        later.show();
        QVERIFY(!later.lastRun());
        later.tabs()->setCurrentWidget(later.historyPanel());
        later.historyPanel()->selectRuns({id});
        QTest::mouseClick(button(later.historyPanel(), QStringLiteral("Open the selected run")), Qt::LeftButton);
        QVERIFY(later.lastRun());
        QCOMPARE(later.tabs()->currentWidget(), later.chartsPanel());
        QCOMPARE(later.chartsPanel()->folderCount(), 12);
        later.chartsPanel()->showFolder(QStringLiteral("t2_1"));
        QCOMPARE(later.chartsPanel()->currentChart()->title(), liveTitle);
        QCOMPARE(linesOf(later.chartsPanel()->currentChart()), liveLines); // the same chart, point for point
        QCOMPARE(later.timingPanel()->speedupText(), liveSpeedup);
        QVERIFY(later.statusBar()->currentMessage().contains(QStringLiteral("past run %1").arg(id)));
        QCOMPARE(later.cluster()->connectedCount(), 0); // nothing was run again
    }

    // The Timing tab's scaling study records each of its runs, and the History tab lists them
    // once it is over.
    void scalingStudyRunsGoIntoTheHistory()
    {
        MainWindow window;
        window.show();
        window.dataPanel()->addPaths({m_data.filePath(QStringLiteral("t1_1"))});
        const QDateTime askedAt = QDateTime::currentDateTimeUtc();
        qc::ScalingDialog *dialog = window.openScalingStudy();
        QVERIFY(dialog);
        auto *counts = dialog->findChild<QLineEdit *>();
        QVERIFY(counts);
        counts->setText(QStringLiteral("1"));
        auto *repeats = dialog->findChild<QSpinBox *>();
        QVERIFY(repeats);
        repeats->setValue(1);
        QSignalSpy finished(dialog, &qc::ScalingDialog::studyFinished);
        dialog->start();
        QVERIFY(finished.wait(120000));
        const qc::ScalingResult result = *dialog->result();
        const qc::HistoryTableModel *runs = window.historyPanel()->model();
        QList<qc::RunRecord> recorded;
        for (int row = 0; row < runs->rowCount(); ++row)
            if (runs->run(row).startedAt >= askedAt)
                recorded.prepend(runs->run(row)); // oldest first
        QCOMPARE(recorded.size(), 2); // the serial baseline and the run on one engine
        QCOMPARE(recorded[0].source, QStringLiteral("scale"));
        QCOMPARE(recorded[0].mode, QStringLiteral("serial"));
        QCOMPARE(recorded[0].wallSeconds, result.serialSeconds.value(0));
        QCOMPARE(recorded[1].source, QStringLiteral("scale"));
        QCOMPARE(recorded[1].engines, 1);
        QCOMPARE(recorded[1].wallSeconds, result.points.value(0).wallSeconds.value(0));
        QCOMPARE(recorded[1].speedup.value_or(0), result.points.value(0).speedup);
        dialog->close();
    }

    // Another QualCluster holds the history: the run is shown as ever, and the status bar says
    // it was not recorded.
    void lockedHistoryLeavesTheRunWhole()
    {
        qc::HistoryDb ensure; // the window's own history file, created if it is not there yet
        QVERIFY(ensure.open());
        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("holder"));
        other.setDatabaseName(qc::HistoryDb::defaultPath());
        other.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000")); // an earlier run may be being recorded
        QVERIFY(other.open());
        QSqlQuery hold(other);
        QVERIFY(hold.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        QVERIFY(hold.exec(QStringLiteral("DELETE FROM runs")));
        {
            MainWindow window;
            window.show();
            window.dataPanel()->addPaths({m_data.filePath(QStringLiteral("t1_1"))});
            window.runPanel()->setMode(qc::RunMode::Threads);
            QSignalSpy inHistory(&window, &MainWindow::runRecorded);
            window.runAnalysis();
            QVERIFY(inHistory.wait(60000));
            QVERIFY(window.lastRun());
            QCOMPARE(window.chartsPanel()->folderCount(), 1);
            const QString status = window.statusBar()->currentMessage();
            QVERIFY2(status.startsWith(QStringLiteral("Done"))
                         && status.contains(QStringLiteral("locked by another QualCluster")),
                     qPrintable(status));
        }
        QVERIFY(hold.exec(QStringLiteral("ROLLBACK")));
        hold.finish();
        other.close();
        other = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("holder"));
    }

    // Start, then Run before the engines are up (a quick user, or `qualcluster --start --run`):
    // the run waits for the starting cluster instead of saying it has no engine.
    void runRightAfterStartWaitsForTheEngines()
    {
        MainWindow window;
        window.show();
        GuiOptions options;
        options.engines = 2;
        options.paths = {m_data.path()};
        options.start = true;
        options.run = true;
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QSignalSpy failed(window.runController(), &qc::RunController::runFailed);
        window.apply(options);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 60000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QVERIFY(window.lastRun());
        QCOMPARE(window.lastRun()->samples.size(), 12);
        QCOMPARE(window.cluster()->connectedCount(), 2);
    }

    void cancelMidRunLeavesTheClusterUsable()
    {
        EnvGuard slowEngines("QUALCLUSTER_FAILPOINTS", "engine.slow_task_ms=300");
        MainWindow window;
        window.show();
        window.dataPanel()->addPaths({m_data.path()});
        window.clustersPanel()->setEngineCount(2);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        const auto *controller = window.findChild<qc::RunController *>();
        QVERIFY(controller);
        QSignalSpy taskDone(controller, &qc::RunController::progress);
        window.runAnalysis();
        QTRY_VERIFY_WITH_TIMEOUT(window.cluster()->connectedCount() == 2, 20000);
        // Mid-run: a first slow task is back, most of the twelve are still with the engines.
        QVERIFY(!taskDone.isEmpty() || taskDone.wait(20000));
        QTest::keyClick(&window, Qt::Key_Escape);
        QVERIFY(finished.isEmpty());
        QVERIFY(!window.lastRun());
        slowEngines.restore(); // engines already running keep their slow tasks

        window.dataPanel()->model()->removeRows(2, 10);
        window.runAnalysis();
        QVERIFY(finished.wait(60000));
        QCOMPARE(window.lastRun()->samples.size(), 2);
        QCOMPARE(window.lastRun()->samples[0].reads, 12);
    }

    void exportWritesPngsOfTheAskedSize()
    {
        MainWindow window;
        window.show();
        window.dataPanel()->addPaths(
            {m_data.filePath(QStringLiteral("t1_1")), m_data.filePath(QStringLiteral("t1_2"))});
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.runAnalysis();
        QVERIFY(finished.wait(60000));
        QTemporaryDir out;
        const auto error = window.exportAllChartsTo(out.path(), QSize(1300, 800));
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        for (const QString &name : {QStringLiteral("t1_1"), QStringLiteral("t1_2"), QStringLiteral("overlay")}) {
            const QImage image(out.filePath(name + QStringLiteral(".png")));
            QCOMPARE(image.size(), QSize(1300, 800));
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); y += 9)
                for (int x = 0; x < image.width(); x += 9)
                    colours.insert(image.pixel(x, y));
            QVERIFY(colours.size() > 10);
        }

        // The results, with the QC tab's threshold: no demo read reaches 2000 bases of QV20+.
        window.qcPanel()->setMinQv20(2000);
        QVERIFY(!window.exportResultsTo(out.path()));
        QFile json(out.filePath(QStringLiteral("results.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject first = QJsonDocument::fromJson(json.readAll()).object()[u"samples"][0].toObject();
        QCOMPARE(first[u"qc"][u"min_qv20"].toInt(), 2000);
        QCOMPARE(first[u"qc"][u"failed_reads"].toInteger(), first[u"read_count"].toInteger());
        QFile reads(out.filePath(QStringLiteral("reads.csv")));
        QVERIFY(reads.open(QIODevice::ReadOnly));
        QCOMPARE(reads.readAll().count('\n'), 1 + 2 * 12); // a header and the two folders' reads
        QVERIFY(QFileInfo::exists(out.filePath(QStringLiteral("positions.csv"))));
    }

    // File > Export for MultiQC: offered once there is a result, written with the QC tab's threshold.
    void multiqcExportFollowsTheQcThreshold()
    {
        MainWindow window;
        window.show();
        const auto actions = window.findChildren<QAction *>();
        const auto found = std::find_if(actions.cbegin(), actions.cend(), [](const QAction *action) {
            return action->text() == QStringLiteral("Export for &MultiQC…");
        });
        QVERIFY(found != actions.cend());
        QVERIFY(!(*found)->isEnabled());
        window.dataPanel()->addPaths({m_data.filePath(QStringLiteral("t1_1"))});
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.runAnalysis();
        QVERIFY(finished.wait(60000));
        QVERIFY((*found)->isEnabled());

        window.qcPanel()->setMinQv20(2000); // no demo read reaches it: all twelve fail
        QTemporaryDir out;
        const QString dir = out.filePath(QStringLiteral("multiqc")); // made by the export
        const auto error = window.exportMultiqcTo(dir);
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        QFile stats(QDir(dir).filePath(qc::kMultiqcGeneralStatsFile));
        QVERIFY(stats.open(QIODevice::ReadOnly));
        const QJsonObject folder = QJsonDocument::fromJson(stats.readAll()).object()[u"data"][u"t1_1"].toObject();
        QCOMPARE(folder[u"reads"].toInt(), 12);
        QCOMPARE(folder[u"failed_reads"].toInt(), 12);
        QVERIFY(QFileInfo::exists(QDir(dir).filePath(qc::kMultiqcMeanQualityFile)));
    }

    // The "Done when": a Slurm cluster started from the window, its jobs followed from the
    // queue to idle engines in the engines table, the analysis run on them, no job left after Stop.
    void slurmClusterFromTheWindow()
    {
        const auto slurmConf = ciservices::slurm();
        REQUIRE_CI_SERVICE(slurmConf, "the one-node Slurm");
        const EnvGuard slurmConfFile("SLURM_CONF",
                                     QFile::encodeName(*slurmConf)); // for the controller the window starts
        const QString name = QStringLiteral("gui-slurm");
        qc::Profile profile{name, 2, QStringLiteral("slurm")};
        profile.listen = QStringLiteral("127.0.0.1");
        profile.time = QStringLiteral("00:10:00");
        profile.sbatchArgs = {QStringLiteral("--hold")}; // queued until the test releases them
        QVERIFY(!qc::ProfileStore().save(profile));

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        qc::ClustersPanel *panel = window.clustersPanel();
        panel->selectProfile(name);
        const qc::ProfileListModel *profiles = panel->profileModel();
        QCOMPARE(cell(profiles, profiles->rowOf(name), qc::ProfileListModel::LauncherColumn), QStringLiteral("slurm"));
        QCOMPARE(panel->engineCount(), 2);
        QTest::mouseClick(button(&window, QStringLiteral("Start the cluster")), Qt::LeftButton);

        // Queued: two tasks of one job array, with the scheduler's reason, no node and no process yet.
        using Model = qc::EngineTableModel;
        const Model *engines = panel->engineModel();
        QTRY_VERIFY_WITH_TIMEOUT(everyEngine(engines, 2,
                                             [engines](int row) {
                                                 return cell(engines, row, Model::StateColumn)
                                                     == u"pending (JobHeldUser)";
                                             }),
                                 30000);
        static const QRegularExpression jobPattern(QStringLiteral("^(\\d+)_[01]$"));
        const QString array = jobPattern.match(cell(engines, 0, Model::JobColumn)).captured(1);
        QVERIFY2(!array.isEmpty(), qPrintable(cell(engines, 0, Model::JobColumn)));
        QStringList jobs;
        for (int row = 0; row < 2; ++row) {
            jobs.append(cell(engines, row, Model::JobColumn));
            QCOMPARE(cell(engines, row, Model::HostColumn), QString());
            QVERIFY(engines->index(row, Model::PidColumn).data().isNull());
            QCOMPARE(cell(engines, row, Model::MemoryColumn), QString());
        }
        QCOMPARE(jobs, QStringList({array + QStringLiteral("_0"), array + QStringLiteral("_1")}));
        QVERIFY2(panel->statusText().contains(QStringLiteral("2 more wait for the batch scheduler.")),
                 qPrintable(panel->statusText()));
        QCOMPARE(queuedJobs(name),
                 QStringList({array + QStringLiteral("_0 PENDING"), array + QStringLiteral("_1 PENDING")}));
        QString why;
        // The table fits its columns to the new contents when it next lays out.
        QTRY_VERIFY2_WITH_TIMEOUT(uptimeVisible(panel, &why), qPrintable(why), 5000);
        const QPixmap pending = panel->grab();

        // Released: the jobs run on the node, their engines connect and wait for work.
        QCOMPARE(QProcess::execute(QStringLiteral("scontrol"), {QStringLiteral("release"), array}), 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            window.cluster()->connectedCount() == 2
                && everyEngine(engines, 2,
                               [engines](int row) { return cell(engines, row, Model::StateColumn) == u"idle"; }),
            60000);
        QSet<qint64> pids;
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(cell(engines, row, Model::JobColumn), jobs.at(row));
            QCOMPARE(cell(engines, row, Model::HostColumn), QHostInfo::localHostName()); // the node is this machine
            pids.insert(engines->index(row, Model::PidColumn).data().toLongLong());
        }
        QVERIFY(!pids.contains(0) && pids.size() == 2);
        QTRY_VERIFY_WITH_TIMEOUT(
            everyEngine(engines, 2, [engines](int row) { return !cell(engines, row, Model::MemoryColumn).isEmpty(); }),
            5000);
        QTRY_VERIFY2_WITH_TIMEOUT(uptimeVisible(panel, &why), qPrintable(why), 5000);
        saveScreenshot(pending, panel->grab());

        // The analysis runs on the Slurm engines; the results say which host ran each task.
        window.dataPanel()->addPaths({m_data.path()});
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QTest::mouseClick(button(&window, QStringLiteral("Run the analysis")), Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        const qc::RunResult &run = *window.lastRun();
        QCOMPARE(run.samples.size(), 12);
        for (const qc::SampleResult &sample : run.samples)
            QCOMPARE(sample.reads, 12);
        QSet<qint64> used;
        for (const qc::TaskTiming &task : run.tasks) {
            if (task.engineId < 0)
                continue; // the serial comparison, in this process
            used.insert(task.pid);
            QCOMPARE(task.host, QHostInfo::localHostName());
        }
        QCOMPARE(used, pids);
        const qc::TaskTimelineWidget *timeline = window.timingPanel()->timeline();
        for (int row = 0; row < timeline->rowCount(); ++row)
            QVERIFY2(timeline->rowLabel(row).endsWith(QStringLiteral(" on %1)").arg(QHostInfo::localHostName())),
                     qPrintable(timeline->rowLabel(row)));
        QTemporaryDir out;
        QVERIFY(!window.exportResultsTo(out.path()));
        QFile json(out.filePath(QStringLiteral("results.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        for (const QJsonValue task : QJsonDocument::fromJson(json.readAll())[u"tasks"].toArray())
            QCOMPARE(task[u"host"].toString(), QHostInfo::localHostName());

        // Stop: the controller and its engines end, and no job of the profile is left.
        QTest::mouseClick(button(&window, QStringLiteral("Stop the cluster")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(fixture::noClusterRuns(), 15000);
        for (qint64 pid : std::as_const(pids))
            QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(queuedJobs(name), QStringList(), 20000);
    }

    void closingTheWindowEndsEveryEngine()
    {
        QList<qint64> pids;
        {
            MainWindow window;
            window.show();
            window.clustersPanel()->setEngineCount(2);
            QSignalSpy ready(window.cluster(), &qc::Cluster::ready);
            window.clustersPanel()->startCluster();
            QVERIFY(ready.wait(20000));
            pids = enginePids(window.cluster());
            QCOMPARE(pids.size(), 2);
            window.close();
        }
        for (qint64 pid : std::as_const(pids))
            QTRY_VERIFY(!processAlive(pid));
        QTRY_VERIFY(fixture::noClusterRuns());
    }
};

CLUSTER_TEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
