#include "mainwindow.h"

#include "cluster/controllerclient.h"
#include "cluster/runcontroller.h"
#include "models/errortablemodel.h"
#include "models/foldertablemodel.h"
#include "panels/chartspanel.h"
#include "panels/clusterspanel.h"
#include "panels/datapanel.h"
#include "panels/runpanel.h"
#include "panels/exportdialog.h"
#include "panels/progressthrottle.h"
#include "panels/qcpanel.h"
#include "panels/timingpanel.h"
#include "report/csvreport.h"
#include "report/jsonreport.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QEventLoop>
#include <QFileDialog>
#include <QTimer>
#include <QGroupBox>
#include <QLabel>
#include <QStackedWidget>
#include <QHeaderView>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace {

QGroupBox *group(const QString &title, QWidget *content)
{
    auto *box = new QGroupBox(title);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(content);
    return box;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_cluster(new qc::ControllerClient(QStringLiteral("default"), qc::ClusterRegistry(), this))
    , m_controller(new qc::RunController(m_cluster, this))
    , m_progress(new qc::ProgressThrottle(100, this))
{
    setWindowTitle(tr("QualCluster"));
    setAcceptDrops(true);

    m_clusters = new qc::ClustersPanel(m_cluster, qc::ProfileStore());
    m_data = new qc::DataPanel;
    m_runPanel = new qc::RunPanel;
    m_charts = new qc::ChartsPanel;
    m_qc = new qc::QcPanel;
    m_timing = new qc::TimingPanel;
    m_errors = new qc::ErrorTableModel(this);
    auto *errorView = new QTableView;
    errorView->setModel(m_errors);
    errorView->setAccessibleName(tr("Rejected files"));
    errorView->verticalHeader()->hide();
    errorView->horizontalHeader()->setStretchLastSection(true);
    errorView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto *left = new QSplitter(Qt::Vertical);
    left->setObjectName(QStringLiteral("leftSplitter"));
    left->addWidget(group(tr("Clusters"), m_clusters));
    left->addWidget(group(tr("Data"), m_data));
    left->addWidget(group(tr("Run"), m_runPanel));
    left->setStretchFactor(0, 2);
    left->setStretchFactor(1, 3);
    left->setStretchFactor(2, 0);

    m_tabs = new QTabWidget;
    m_tabs->addTab(m_charts, tr("Charts"));
    m_tabs->addTab(m_qc, tr("QC"));
    m_tabs->addTab(m_timing, tr("Timing"));
    // With nothing rejected, the tab says so rather than showing an empty table.
    auto *noProblems = new QLabel(tr("No files were rejected. Files that cannot be read are listed here, "
                                     "with the line and the reason."));
    noProblems->setAlignment(Qt::AlignCenter);
    noProblems->setWordWrap(true);
    m_problems = new QStackedWidget;
    m_problems->addWidget(noProblems);
    m_problems->addWidget(errorView);
    m_tabs->addTab(m_problems, tr("Problems"));

    auto *main = new QSplitter(Qt::Horizontal);
    main->setObjectName(QStringLiteral("mainSplitter"));
    main->addWidget(left);
    main->addWidget(m_tabs);
    main->setStretchFactor(0, 2);
    main->setStretchFactor(1, 3);
    main->setSizes({680, 820}); // wide enough for every column of the engines table, queued jobs too
    setCentralWidget(main);

    createMenus();

    connect(m_runPanel, &qc::RunPanel::runRequested, this, &MainWindow::runAnalysis);
    connect(m_runPanel, &qc::RunPanel::cancelRequested, this, &MainWindow::cancelRun);
    connect(m_controller, &qc::RunController::runStarted, m_runPanel, &qc::RunPanel::handleRunStarted);
    // A run keeps its cluster: the profile cannot change under it.
    connect(m_controller, &qc::RunController::runStarted, m_clusters, [this] { m_clusters->setRunActive(true); });
    const auto runEnded = [this] { m_clusters->setRunActive(false); };
    connect(m_controller, &qc::RunController::runFinished, m_clusters, runEnded);
    connect(m_controller, &qc::RunController::runCancelled, m_clusters, runEnded);
    connect(m_controller, &qc::RunController::runFailed, m_clusters, runEnded);
    connect(m_controller, &qc::RunController::progress, this,
            [this](const QString &phase, int done, int total, const qc::TaskResult &last) {
                // The comparison run after the engines' does not change the folders' status.
                if (phase == u"serial" && m_runPanel->mode() != qc::RunMode::Serial)
                    return m_progress->post(phase, done, total);
                m_progress->post(phase, done, total, last.sample,
                                 last.engineId < 0 ? tr("done")
                                                   : tr("done on engine %1 (PID %2 on %3)").arg(last.engineId).arg(last.pid).arg(last.host));
            });
    connect(m_progress, &qc::ProgressThrottle::progress, m_runPanel, &qc::RunPanel::handleProgress);
    connect(m_progress, &qc::ProgressThrottle::status, m_data->model(), &qc::FolderTableModel::setStatus);
    connect(m_controller, &qc::RunController::runFinished, m_progress, &qc::ProgressThrottle::discard);
    connect(m_controller, &qc::RunController::runCancelled, m_progress, &qc::ProgressThrottle::discard);
    connect(m_controller, &qc::RunController::runFailed, m_progress, &qc::ProgressThrottle::discard);
    connect(m_controller, &qc::RunController::runFinished, this, &MainWindow::handleRunFinished);
    connect(m_controller, &qc::RunController::runCancelled, this, [this] {
        m_runPanel->handleRunEnded(tr("Run cancelled; the cluster is ready for the next one."));
        m_data->model()->setAllStatuses(tr("cancelled"));
    });
    connect(m_controller, &qc::RunController::runFailed, this, [this](const QString &reason) {
        m_runPanel->handleRunEnded(reason);
        showMessage(reason);
    });
    connect(m_clusters, &qc::ClustersPanel::messageOccurred, this, &MainWindow::showMessage);
    connect(m_data, &qc::DataPanel::messageOccurred, this, &MainWindow::showMessage);

    resize(1500, 950);
    restoreSettings();
    statusBar()->showMessage(tr("Drag folders of reads in, or load the demo data."));
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *add = file->addAction(tr("&Add folders…"), QKeySequence::Open, m_data, &qc::DataPanel::chooseFolders);
    file->addAction(tr("Load the &demo data"), m_data, &qc::DataPanel::loadDemoData);
    file->addSeparator();
    QAction *exportChart = file->addAction(tr("&Export chart…"), QKeySequence(tr("Ctrl+E")), this, &MainWindow::exportCurrentChart);
    file->addAction(tr("Export &all charts…"), this, &MainWindow::exportAllCharts);
    file->addAction(tr("Export &results (CSV, JSON)…"), this, &MainWindow::exportResults);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    QAction *runAction = run->addAction(tr("&Run"), QKeySequence(tr("Ctrl+R")), this, &MainWindow::runAnalysis);
    QAction *cancel = run->addAction(tr("&Cancel"), QKeySequence(Qt::Key_Escape), this, &MainWindow::cancelRun);

    QMenu *cluster = menuBar()->addMenu(tr("&Cluster"));
    QAction *start = cluster->addAction(tr("&Start"), m_clusters, &qc::ClustersPanel::startCluster);
    QAction *stop = cluster->addAction(tr("S&top"), m_clusters, &qc::ClustersPanel::stopCluster);

    QToolBar *tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (QAction *action : {add, start, stop, runAction, cancel, exportChart})
        tools->addAction(action);
}

void MainWindow::apply(const GuiOptions &options)
{
    if (!options.profile.isEmpty())
        m_clusters->selectProfile(options.profile);
    if (options.engines > 0)
        m_clusters->setEngineCount(options.engines);
    if (!options.paths.isEmpty())
        m_data->addPaths(options.paths);
    if (options.start)
        m_clusters->startCluster();
    if (!options.screenshotDir.isEmpty())
        connect(this, &MainWindow::runFinished, this, [this, dir = options.screenshotDir] { saveScreenshots(dir); });
    if (options.run)
        runAnalysis();
}

void MainWindow::saveScreenshots(const QString &dir)
{
    QDir().mkpath(dir);
    const auto shoot = [this, &dir](const QString &name) {
        // Let charts and tables lay themselves out before the picture.
        QEventLoop settle;
        QTimer::singleShot(300, &settle, &QEventLoop::quit);
        settle.exec();
        grab().save(dir + u'/' + name + QStringLiteral(".png"));
    };
    m_tabs->setCurrentWidget(m_charts);
    m_charts->showFolder(m_lastRun->samples.first().sample.name);
    shoot(QStringLiteral("charts"));
    m_charts->showOverlay();
    shoot(QStringLiteral("overlay"));
    m_tabs->setCurrentWidget(m_qc);
    m_qc->showFolder(m_lastRun->samples.first().sample.name);
    shoot(QStringLiteral("qc"));
    m_tabs->setCurrentWidget(m_timing);
    shoot(QStringLiteral("timing"));
    m_tabs->setCurrentWidget(m_problems);
    shoot(QStringLiteral("problems"));
    m_tabs->setCurrentWidget(m_charts);
    close();
}

void MainWindow::runAnalysis()
{
    if (m_data->samples().isEmpty()) {
        showMessage(tr("Add folders of reads first (File ▸ Add folders…, or drag them in)."));
        return;
    }
    m_data->model()->setAllStatuses(tr("queued"));
    // A run in an engine mode starts the profile's cluster when none runs; like Start, the window
    // then owns that cluster.
    const bool engines = qc::usesEngines(m_runPanel->mode());
    if (engines)
        m_clusters->prepareStart();
    m_controller->run(m_data->samples(), m_runPanel->mode(), m_clusters->engineCount(), m_runPanel->compareSerial());
    if (engines)
        m_clusters->finishStart();
}

void MainWindow::cancelRun()
{
    m_controller->cancel();
}

void MainWindow::handleRunFinished(const qc::RunResult &result)
{
    m_lastRun = result;
    m_charts->setRun(result);
    m_qc->setRun(result);
    m_timing->setRun(result);
    m_errors->setRun(result);
    for (const qc::SampleResult &sample : result.samples)
        m_data->model()->setStatus(sample.sample.name, sample.errors.isEmpty()
                                                           ? tr("done")
                                                           : tr("done, %n file(s) rejected", nullptr, int(sample.errors.size())));
    const qint64 rejected = result.rejectedFiles();
    m_problems->setCurrentIndex(rejected > 0 ? 1 : 0);
    QString summary = tr("Done: %n folder(s) in %1 s.", nullptr, int(result.samples.size())).arg(result.timing.wallSeconds, 0, 'f', 3);
    if (result.timing.serialSeconds)
        summary += u' ' + qc::TimingPanel::describeSpeedup(result.timing) + u'.';
    if (rejected > 0)
        summary += u' ' + tr("%n file(s) rejected: see Problems.", nullptr, int(rejected));
    m_runPanel->handleRunEnded(summary);
    showMessage(summary);
    m_tabs->setTabText(m_tabs->indexOf(m_problems), rejected > 0 ? tr("Problems (%1)").arg(rejected) : tr("Problems"));
    emit runFinished();
}

std::optional<QString> MainWindow::exportAllChartsTo(const QString &dir, QSize size)
{
    qc::ChartExportSettings settings;
    settings.scope = qc::ChartExportSettings::Scope::AllCharts;
    settings.size = size;
    settings.path = dir;
    return m_charts->exportCharts(settings);
}

void MainWindow::exportCurrentChart()
{
    if (!m_lastRun) {
        showMessage(tr("Run an analysis first: there is no chart to export yet."));
        return;
    }
    m_tabs->setCurrentWidget(m_charts);
    m_charts->exportInteractively();
}

void MainWindow::exportAllCharts()
{
    if (!m_lastRun) {
        showMessage(tr("Run an analysis first: there are no charts to export yet."));
        return;
    }
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export all charts into"));
    if (dir.isEmpty())
        return;
    const auto error = exportAllChartsTo(dir, qc::kDefaultChartSize);
    showMessage(error ? *error : tr("Wrote %n chart(s) and overlay.png to %1.", nullptr, int(m_lastRun->samples.size())).arg(dir));
}

void MainWindow::exportResults()
{
    if (!m_lastRun) {
        showMessage(tr("Run an analysis first: there are no results to export yet."));
        return;
    }
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export results.json, positions.csv and reads.csv into"));
    if (dir.isEmpty())
        return;
    const auto error = exportResultsTo(dir);
    showMessage(error ? *error : tr("Wrote results.json, positions.csv and reads.csv to %1.").arg(dir));
}

std::optional<QString> MainWindow::exportResultsTo(const QString &dir)
{
    if (!m_lastRun)
        return tr("There are no results to export yet.");
    // The same files, in the same schema, as `qualcluster analyze --json --csv --reads-csv`, with
    // the QC tab's threshold for failed reads.
    auto error = qc::writeJsonReport(*m_lastRun, dir + QStringLiteral("/results.json"), m_qc->minQv20());
    if (!error)
        error = qc::writeCsvReport(*m_lastRun, dir + QStringLiteral("/positions.csv"));
    if (!error)
        error = qc::writeReadsCsvReport(*m_lastRun, dir + QStringLiteral("/reads.csv"));
    return error;
}

void MainWindow::showMessage(const QString &message)
{
    statusBar()->showMessage(message, 15000);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    m_controller->cancel();
    // The clusters this window started stop, unless kept running; those from a terminal stay.
    m_clusters->stopClustersStartedHere();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (qc::DataPanel::canAccept(event->mimeData()))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    m_data->addPaths(paths, true);
    event->acceptProposedAction();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    for (auto *splitter : findChildren<QSplitter *>())
        splitter->restoreState(settings.value(QStringLiteral("window/") + splitter->objectName()).toByteArray());
    m_clusters->selectProfile(settings.value(QStringLiteral("cluster/profile"), QStringLiteral("default")).toString());
    m_runPanel->setMode(qc::runModeFromName(settings.value(QStringLiteral("run/mode")).toString()).value_or(qc::RunMode::Balanced));
    m_runPanel->setCompareSerial(settings.value(QStringLiteral("run/compareSerial"), true).toBool());
    m_charts->setClearRangeOnly(settings.value(QStringLiteral("charts/clearRangeOnly"), false).toBool());
    m_qc->setMinQv20(settings.value(QStringLiteral("qc/minQv20"), qc::kDefaultMinQv20).toInt());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    for (auto *splitter : findChildren<QSplitter *>())
        settings.setValue(QStringLiteral("window/") + splitter->objectName(), splitter->saveState());
    settings.setValue(QStringLiteral("cluster/profile"), m_clusters->currentProfile());
    settings.setValue(QStringLiteral("run/mode"), qc::runModeName(m_runPanel->mode()));
    settings.setValue(QStringLiteral("run/compareSerial"), m_runPanel->compareSerial());
    settings.setValue(QStringLiteral("charts/clearRangeOnly"), m_charts->clearRangeOnly());
    settings.setValue(QStringLiteral("qc/minQv20"), m_qc->minQv20());
}
