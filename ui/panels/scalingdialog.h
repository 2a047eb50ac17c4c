// The scaling study in the window: engine counts and runs of each, Start and Cancel, progress,
// then the chart, a table of the figures, the conclusion in words, and Export.
#pragma once

#include "analysis/sample.h"
#include "analysis/scalingresult.h"
#include "cluster/profilestore.h"

#include <QDialog>
#include <QPointer>

#include <optional>

class QChart;
class QChartView;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace qc {

class Cluster;
class ScalingStudy;

class ScalingDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ScalingDialog(QWidget *parent = nullptr);
    ~ScalingDialog() override;

    // What the study runs on: the folders, and the profile's cluster (scaled when it runs, else
    // a cluster of the profile is started for each count).
    void setInputs(const QList<Sample> &samples, Cluster *cluster, const Profile &profile);
    // The engine program of clusters the study starts (tests use the build's).
    void setEngineProgram(const QString &program);
    // Each run of the study goes into the run history at `path` (empty: the user's).
    void setRecordInHistory(bool record, const QString &path = {});

    void start();
    void cancel();
    bool isRunning() const;
    const std::optional<ScalingResult> &result() const { return m_result; }
    QChart *chart() const;
    QString wordsText() const;
    // PNG, SVG, CSV or JSON by the path's suffix; a sentence on failure.
    std::optional<QString> exportTo(const QString &path) const;

signals:
    // For the run history: a study that finished.
    void studyFinished(const qc::ScalingResult &result);

public slots:
    void reject() override;

private:
    void handleFinished(const ScalingResult &result);
    void handleStopped(const QString &message);
    void showResult(const ScalingResult &result);
    void chooseExport();
    void updateButtons();

    ScalingStudy *m_study;
    QList<Sample> m_samples;
    QPointer<Cluster> m_cluster;
    Profile m_profile;
    std::optional<ScalingResult> m_result;
    QLineEdit *m_counts;
    QSpinBox *m_repeats;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QPushButton *m_export;
    QProgressBar *m_progress;
    QLabel *m_status;
    QChartView *m_chartView;
    QTableWidget *m_table;
    QLabel *m_words;
};

} // namespace qc
