// The Run panel: what to run and how, Run and Cancel, progress and an ETA, and what the last run
// came to, with anything that went wrong on the way.
#pragma once

#include "cluster/analysisrun.h"

#include <QElapsedTimer>
#include <QWidget>

#include <optional>

class QAction;
class QSettings;
class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace qc {

class StatusLabel;

class ProgressThrottle;
class RunController;

class RunPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RunPanel(QWidget *parent = nullptr);

    RunMode mode() const;
    void setMode(RunMode mode);
    bool compareSerial() const;
    void setCompareSerial(bool compare);
    // The mode and the serial comparison, under "run/".
    void restoreSettings(const QSettings &settings);
    void saveSettings(QSettings &settings) const;
    QString progressText() const;
    QString noticeText() const; // empty unless the last run has something to warn of

    // For menus and toolbars: enabled exactly when the buttons are.
    QAction *runAction() const { return m_runAction; }
    QAction *cancelAction() const { return m_cancelAction; }

    // Shows the controller's runs as they go: progress (at most ten updates a second, each
    // folder's status through folderStatusChanged), cancel and failure.
    void follow(RunController *controller);
    // Run is offered only with folders to analyse; without, the panel says how to add them.
    void setFolderCount(int folders);
    // The summary of a finished run ("Done: …", the speedup in words) and a notice of engines that
    // ended during it; returns both for the status bar.
    QString showResult(const RunResult &result);
    // What of `run` is about the folders listed now (a folder is its path, not its name), and says
    // so when that is not all of it; nullopt when no listed folder has results. `partial` tells
    // whether some results were left out or some folders have none.
    std::optional<RunResult> resultsForListed(const RunResult &run, const QList<Sample> &listed, bool *partial);

public slots:
    void handleRunStarted(int totalTasks);
    void handleProgress(const QString &phase, int done, int total);
    void handleRunEnded(const QString &message);

protected:
    void resizeEvent(QResizeEvent *event) override;

signals:
    void runRequested();
    void cancelRequested();
    // "done on engine 2 (PID 4242 on node1)", "done, 1 file rejected"...
    void folderStatusChanged(const QString &sample, const QString &status);

private:
    void showFoldersChanged(int withResults, int withoutResults);
    void setSummary(const QString &text);
    void updateState();
    void fitHeight();
    QString phaseName(const QString &phase) const;

    QComboBox *m_analysis;
    QComboBox *m_mode;
    QCheckBox *m_compare;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QAction *m_runAction;
    QAction *m_cancelAction;
    QProgressBar *m_progress;
    StatusLabel *m_status;
    QLabel *m_notice;
    ProgressThrottle *m_throttle;
    QElapsedTimer m_clock;
    QString m_summary; // what the last run came to, or why there is nothing to run
    QString m_resultSummary; // "Done: …" of the last run that finished, and its notice
    QString m_resultNotice;
    bool m_stale = false; // the summary says the folders are no longer the run's
    int m_folders = 0;
    bool m_running = false;
    int m_totalTasks = 0;
    int m_steps = 1; // 2 with the serial comparison after the main run
    int m_doneBefore = 0; // tasks of phases already finished (the main run, before the serial one)
    int m_phaseTotal = 0;
    QString m_phase;
};

} // namespace qc
