#include "mainwindow.h"

#include "cluster/controllerclient.h"
#include "cluster/profilestore.h"
#include "cluster/runcontroller.h"
#include "history/runrecorder.h"
#include "models/errortablemodel.h"
#include "models/foldertablemodel.h"
#include "panels/chartspanel.h"
#include "panels/clusterspanel.h"
#include "panels/datapanel.h"
#include "panels/exportdialog.h"
#include "panels/historypanel.h"
#include "panels/qcpanel.h"
#include "panels/runpanel.h"
#include "panels/scalingdialog.h"
#include "panels/timingpanel.h"
#include "report/csvreport.h"
#include "report/jsonreport.h"
#include "report/multiqcreport.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDebug>
#include <QDir>
#include <QEventLoop>
#include <QFileDialog>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
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

// Keeps an action enabled exactly when a panel's button (by its accessible name) is, so that
// menus and toolbar never offer what the panel would not do, such as Stop with no cluster.
class EnabledMirror : public QObject
{
public:
    EnabledMirror(QAction *action, QWidget *panel, const QString &button)
        : QObject(action)
        , m_action(action)
    {
        for (auto *candidate : panel->findChildren<QPushButton *>()) {
            if (candidate->accessibleName() == button) {
                candidate->installEventFilter(this);
                action->setEnabled(candidate->isEnabled());
            }
        }
    }
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::EnabledChange)
            m_action->setEnabled(static_cast<QWidget *>(watched)->isEnabled());
        return false;
    }

private:
    QAction *m_action;
};

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_cluster(new qc::ControllerClient(QStringLiteral("default"), qc::ClusterRegistry(), this))
    , m_controller(new qc::RunController(m_cluster, this))
{
    setWindowTitle(tr("QualCluster"));
    setAcceptDrops(true);

    m_clusters = new qc::ClustersPanel(m_cluster, qc::ProfileStore());
    m_data = new qc::DataPanel;
    m_runPanel = new qc::RunPanel;
    m_charts = new qc::ChartsPanel;
    m_qc = new qc::QcPanel;
    m_timing = new qc::TimingPanel;
    m_history = new qc::HistoryPanel;
    m_errors = new qc::ErrorTableModel(this);
    auto *errorView = new QTableView;
    errorView->setModel(m_errors);
    errorView->setAccessibleName(tr("Rejected files"));
    errorView->setTabKeyNavigation(
        false); // Tab leaves the table (arrows move between cells), as keyboard users expect of a form.
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
    m_tabs->addTab(m_history, tr("History"));

    auto *main = new QSplitter(Qt::Horizontal);
    main->setObjectName(QStringLiteral("mainSplitter"));
    main->addWidget(left);
    main->addWidget(m_tabs);
    main->setStretchFactor(0, 2);
    main->setStretchFactor(1, 3);
    // 1500x950, or inside a smaller screen's available area (a 1366x768 laptop, 1024x700, a 2x
    // display) with room for a title bar: the window manager's frame is not known before it shows.
    const QSize initialSize = QSize(1500, 950).boundedTo(screen()->availableGeometry().size() - QSize(16, 40));
    main->setSizes(
        {initialSize.width() * 23 / 50, initialSize.width() * 27 / 50}); // room for the engines table's columns
    setCentralWidget(main);

    createMenus();

    connect(m_runPanel, &qc::RunPanel::runRequested, this, &MainWindow::runAnalysis);
    connect(m_runPanel, &qc::RunPanel::cancelRequested, this, &MainWindow::cancelRun);
    m_runPanel->follow(m_controller);
    connect(m_runPanel, &qc::RunPanel::folderStatusChanged, m_data->model(), &qc::FolderTableModel::setStatus);
    // A run keeps its cluster: the profile cannot change under it.
    connect(m_controller, &qc::RunController::runStarted, m_clusters, [this] { m_clusters->setRunActive(true); });
    const auto runEnded = [this] { m_clusters->setRunActive(false); };
    connect(m_controller, &qc::RunController::runFinished, m_clusters, runEnded);
    connect(m_controller, &qc::RunController::runCancelled, m_clusters, runEnded);
    connect(m_controller, &qc::RunController::runFailed, m_clusters, runEnded);
    connect(m_controller, &qc::RunController::runStarted, this,
            [this] { m_runStartedAt = QDateTime::currentDateTimeUtc(); });
    connect(m_controller, &qc::RunController::runFinished, this, &MainWindow::handleRunFinished);
    connect(m_history, &qc::HistoryPanel::runOpened, this, &MainWindow::handlePastRunOpened);
    connect(m_controller, &qc::RunController::runCancelled, this,
            [this] { m_data->model()->setAllStatuses(tr("cancelled")); });
    connect(m_controller, &qc::RunController::runFailed, this, &MainWindow::showMessage);
    connect(m_clusters, &qc::ClustersPanel::messageOccurred, this, &MainWindow::showMessage);
    connect(m_data, &qc::DataPanel::messageOccurred, this, &MainWindow::showMessage);
    connect(m_data, &qc::DataPanel::foldersChanged, this, &MainWindow::handleFoldersChanged);
    connect(m_timing, &qc::TimingPanel::scalingRequested, this, &MainWindow::openScalingStudy);
    handleFoldersChanged();

    resize(initialSize); // or its minimum size, if that is larger
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
    QAction *exportChart =
        file->addAction(tr("&Export chart…"), QKeySequence(tr("Ctrl+E")), this, &MainWindow::exportCurrentChart);
    m_exportActions = {exportChart, file->addAction(tr("Export &all charts…"), this, &MainWindow::exportAllCharts),
                       file->addAction(tr("Export &results (CSV, JSON)…"), this, &MainWindow::exportResults),
                       file->addAction(tr("Export for &MultiQC…"), this, &MainWindow::exportMultiqc)};
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    // Run and Cancel are the Run panel's, enabled when its buttons are.
    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addActions({m_runPanel->runAction(), m_runPanel->cancelAction()});

    QMenu *cluster = menuBar()->addMenu(tr("&Cluster"));
    QAction *start = cluster->addAction(tr("&Start"), m_clusters, &qc::ClustersPanel::startCluster);
    QAction *stop = cluster->addAction(tr("S&top"), m_clusters, &qc::ClustersPanel::stopCluster);
    new EnabledMirror(start, m_clusters, QStringLiteral("Start the cluster"));
    new EnabledMirror(stop, m_clusters, QStringLiteral("Stop the cluster"));

    QToolBar *tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (QAction *action : {add, start, stop, m_runPanel->runAction(), m_runPanel->cancelAction(), exportChart})
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
    if (!options.screenshotDir.isEmpty()) {
        // Once the run is in the History tab too.
        connect(this, &MainWindow::runRecorded, this, [this, dir = options.screenshotDir] { saveScreenshots(dir); });
        // A script waits for the pictures: a run that cannot happen ends the program with its reason.
        connect(m_controller, &qc::RunController::runFailed, this, [this](const QString &reason) {
            qCritical().noquote() << "No screenshots: the run failed:" << reason;
            close(); // stops the engines started here
            // Queued: the run may fail before the event loop has started.
            QMetaObject::invokeMethod(
                qApp, [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
        });
    }
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
    m_tabs->setCurrentWidget(m_history);
    shoot(QStringLiteral("history"));
    m_tabs->setCurrentWidget(m_charts);
    close();
}

void MainWindow::runAnalysis()
{
    if (m_data->samples().isEmpty())
        return; // Run is not offered, and the Run panel says what is missing
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
    m_run = result;
    const QString summary = m_runPanel->showResult(result);
    showMessage(summary);
    handleFoldersChanged();
    recordInHistory(result, summary);
    emit runFinished();
}

void MainWindow::recordInHistory(const qc::RunResult &result, const QString &summary)
{
    qc::RunContext context;
    context.source = QStringLiteral("gui");
    context.startedAt = m_runStartedAt;
    context.finishedAt = QDateTime::currentDateTimeUtc();
    if (qc::usesEngines(m_runPanel->mode())) {
        context.profile = m_cluster->profile();
        const auto profile = qc::ProfileStore().find(context.profile);
        context.launcher = profile ? profile->launcher : QStringLiteral("local");
    }
    qc::describeOutcome(result, context);
    // Off the GUI thread. The window may close first: the recording still ends.
    qc::recordRunInBackground(result, context, this, [this, summary](qint64, const QStringList &problems) {
        if (!problems.isEmpty())
            showMessage(summary + u' ' + problems.join(u' '));
        m_history->refresh();
        emit runRecorded();
    });
}

void MainWindow::handlePastRunOpened(const qc::RunResult &run, const qc::RunRecord &record)
{
    m_run = run;
    m_lastRun = run;
    showResults(false);
    m_tabs->setCurrentWidget(m_charts);
    // No timeout: until the next run, the charts are a past run's, not the listed folders'.
    statusBar()->showMessage(tr("Showing past run %1 of %2 from the history (not recomputed).")
                                 .arg(record.id)
                                 .arg(QLocale().toString(record.startedAt.toLocalTime(), QLocale::ShortFormat)));
}

void MainWindow::handleFoldersChanged()
{
    m_runPanel->setFolderCount(m_data->model()->rowCount());
    // A folder removed since the run takes its results with it; one added has none until the next.
    bool partial = false;
    m_lastRun = m_run ? m_runPanel->resultsForListed(*m_run, m_data->samples(), &partial) : std::nullopt;
    showResults(partial);
}

void MainWindow::showResults(bool partial)
{
    if (m_lastRun) {
        m_charts->setRun(*m_lastRun);
        m_qc->setRun(*m_lastRun);
        m_errors->setRun(*m_lastRun);
        m_timing->setRun(*m_run); // the run's, whichever folders are listed
        if (partial)
            m_timing->markStale(tr("This is the timing of the last run, whose folders were not the ones listed now."));
    } else {
        m_charts->clear();
        m_qc->clear();
        m_errors->clear();
        m_timing->clear();
    }
    if (partial)
        statusBar()->clearMessage(); // "Done: …" was about the run's folders
    const int rejected = m_errors->count();
    m_problems->setCurrentIndex(rejected > 0 ? 1 : 0);
    m_tabs->setTabText(m_tabs->indexOf(m_problems), rejected > 0 ? tr("Problems (%1)").arg(rejected) : tr("Problems"));
    for (QAction *action : std::as_const(m_exportActions))
        action->setEnabled(m_lastRun.has_value()); // nothing to export before a result
}

qc::ScalingDialog *MainWindow::openScalingStudy()
{
    if (m_controller->isRunning()) {
        showMessage(tr("A run is going: start the scaling study once it has finished."));
        return nullptr;
    }
    const QString name = m_clusters->currentProfile();
    auto *dialog = new qc::ScalingDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setInputs(m_data->samples(), m_cluster, qc::ProfileStore().find(name).value_or(qc::Profile{name}));
    // Each of the study's runs goes into the history as it ends; the History tab shows them once
    // the study is over (refreshing mid-study would put the listing inside the timed runs).
    dialog->setRecordInHistory(true);
    connect(dialog, &qc::ScalingDialog::studyFinished, m_history, &qc::HistoryPanel::refresh);
    connect(dialog, &QDialog::finished, m_history, &qc::HistoryPanel::refresh); // a cancelled study's runs too
    dialog->open();
    return dialog;
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
    if (!m_lastRun)
        return; // not offered without results
    m_tabs->setCurrentWidget(m_charts);
    m_charts->exportInteractively();
}

void MainWindow::exportAllCharts()
{
    if (!m_lastRun)
        return;
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Export all charts into"), qc::ExportDialog::defaultFolder());
    if (dir.isEmpty())
        return;
    const auto error = exportAllChartsTo(dir, qc::kDefaultChartSize);
    showMessage(error
                    ? *error
                    : tr("Wrote %n chart(s) and overlay.png to %1.", nullptr, int(m_lastRun->samples.size())).arg(dir));
}

void MainWindow::exportResults()
{
    if (!m_lastRun)
        return;
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Export results.json, positions.csv and reads.csv into"), qc::ExportDialog::defaultFolder());
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

void MainWindow::exportMultiqc()
{
    if (!m_lastRun)
        return;
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Export MultiQC files into"), qc::ExportDialog::defaultFolder());
    if (dir.isEmpty())
        return;
    const auto error = exportMultiqcTo(dir);
    showMessage(error ? *error
                      : tr("Wrote %1 and %2 to %3: run multiqc on that folder.")
                            .arg(qc::kMultiqcMeanQualityFile, qc::kMultiqcGeneralStatsFile, dir));
}

std::optional<QString> MainWindow::exportMultiqcTo(const QString &dir)
{
    if (!m_lastRun)
        return tr("There are no results to export yet.");
    return qc::writeMultiqcReport(*m_lastRun, dir, m_qc->minQv20());
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
    m_runPanel->restoreSettings(settings);
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
    m_runPanel->saveSettings(settings);
    settings.setValue(QStringLiteral("charts/clearRangeOnly"), m_charts->clearRangeOnly());
    settings.setValue(QStringLiteral("qc/minQv20"), m_qc->minQv20());
}
