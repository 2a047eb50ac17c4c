// The main window: Clusters, Data and Run on the left; Charts, QC, Timing, Problems and History on
// the right.
#pragma once

#include "analysis/runresult.h"
#include "cluster/analysisrun.h"

#include <QDateTime>

#include <QMainWindow>

#include <optional>

class QAction;
class QStackedWidget;
class QTabWidget;

namespace qc {
class ChartsPanel;
class ClustersPanel;
class DataPanel;
class ErrorTableModel;
class HistoryPanel;
struct RunRecord;
class ControllerClient;
class QcPanel;
class RunController;
class RunPanel;
class ScalingDialog;
class TimingPanel;
} // namespace qc

struct GuiOptions
{
    QString profile;
    int engines = 0; // 0: the profile's
    bool start = false;
    bool run = false;
    QStringList paths;
    QString screenshotDir; // after the run: a picture of each view, then quit
};

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void apply(const GuiOptions &options);

    // For tests and scripts. The client follows the profile selected in the Clusters panel.
    qc::ControllerClient *cluster() const { return m_cluster; }
    qc::DataPanel *dataPanel() const { return m_data; }
    qc::ClustersPanel *clustersPanel() const { return m_clusters; }
    qc::RunPanel *runPanel() const { return m_runPanel; }
    qc::RunController *runController() const { return m_controller; }
    qc::ChartsPanel *chartsPanel() const { return m_charts; }
    qc::QcPanel *qcPanel() const { return m_qc; }
    qc::TimingPanel *timingPanel() const { return m_timing; }
    qc::HistoryPanel *historyPanel() const { return m_history; }
    QTabWidget *tabs() const { return m_tabs; }
    // The last run's results for the folders listed now (none when no listed folder has any).
    const std::optional<qc::RunResult> &lastRun() const { return m_lastRun; }

    // Every folder's chart and the overlay as PNGs into `dir`; a sentence on failure.
    std::optional<QString> exportAllChartsTo(const QString &dir, QSize size);
    // results.json (failed reads by the QC tab's threshold), positions.csv and reads.csv.
    std::optional<QString> exportResultsTo(const QString &dir);
    // MultiQC custom content (failed reads by the QC tab's threshold), as `analyze --multiqc`.
    std::optional<QString> exportMultiqcTo(const QString &dir);

public slots:
    void runAnalysis();
    void cancelRun();
    void exportCurrentChart();
    void exportAllCharts();
    void exportResults();
    void exportMultiqc();
    // The Timing tab's Scaling…: the scaling study on the listed folders and the selected
    // profile's cluster, in a dialog of its own (returned for tests; it deletes itself on close).
    qc::ScalingDialog *openScalingStudy();

signals:
    void runFinished();
    // The last finished run is in the run history (or the status bar says why not).
    void runRecorded();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createMenus();
    void saveScreenshots(const QString &dir);
    void handleRunFinished(const qc::RunResult &result);
    // Records a finished run in the run history, in the background; says what went wrong with
    // that after the run's `summary` in the status bar.
    void recordInHistory(const qc::RunResult &result, const QString &summary);
    // A run from the History tab, shown as it was: all its folders, whichever are listed now.
    void handlePastRunOpened(const qc::RunResult &run, const qc::RunRecord &record);
    // Shows what of the last run is about the folders listed now, and says so when that is not all.
    void handleFoldersChanged();
    void showResults(bool partial);
    void showMessage(const QString &message);
    void restoreSettings();
    void saveSettings() const;

    qc::ControllerClient *m_cluster;
    qc::RunController *m_controller;
    qc::ClustersPanel *m_clusters;
    qc::DataPanel *m_data;
    qc::RunPanel *m_runPanel;
    qc::ChartsPanel *m_charts;
    qc::QcPanel *m_qc;
    qc::TimingPanel *m_timing;
    qc::HistoryPanel *m_history;
    qc::ErrorTableModel *m_errors;
    QTabWidget *m_tabs;
    QStackedWidget *m_problems;
    std::optional<qc::RunResult> m_run; // the last run, as it came
    std::optional<qc::RunResult> m_lastRun; // what of it is shown: the listed folders' results
    QList<QAction *> m_exportActions;
    QDateTime m_runStartedAt;
};
