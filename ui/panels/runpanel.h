// The Run panel: what to run and how, Run and Cancel, progress and an ETA.
#pragma once

#include "cluster/analysisrun.h"

#include <QElapsedTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace qc {

class RunPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RunPanel(QWidget *parent = nullptr);

    RunMode mode() const;
    void setMode(RunMode mode);
    bool compareSerial() const;
    void setCompareSerial(bool compare);
    QString progressText() const;

public slots:
    void handleRunStarted(int totalTasks);
    void handleProgress(const QString &phase, int done, int total);
    void handleRunEnded(const QString &message);

signals:
    void runRequested();
    void cancelRequested();

private:
    QComboBox *m_analysis;
    QComboBox *m_mode;
    QCheckBox *m_compare;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_status;
    QElapsedTimer m_clock;
    int m_totalTasks = 0;
    int m_doneBefore = 0; // tasks of phases already finished (the main run, before the serial one)
    QString m_phase;
};

} // namespace qc
