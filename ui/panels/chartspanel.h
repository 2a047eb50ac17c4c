// The run's quality charts: a list of folders beside one interactive chart, either a folder's
// mean quality (with optional band and zones) or the overlay of the checked folders.
#pragma once

#include "analysis/runresult.h"
#include "charts/qualitychart.h"
#include "panels/exportdialog.h"

#include <QList>
#include <QString>
#include <QWidget>

#include <optional>

class QChart;
class QCheckBox;
class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace qc {

class StatusLabel;

class InteractiveChartView;

class ChartsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ChartsPanel(QWidget *parent = nullptr);

    void setRun(const RunResult &run); // keeps showing the same folder when the new run has it
    void clear();

    QChart *currentChart() const; // nullptr when there is no run
    QString currentName() const; // the folder's name, "overlay", or empty when there is no run
    int folderCount() const;
    void showFolder(const QString &name);
    void showOverlay();

    // Every chart, the overlay and exports plot only the bases inside each read's clear range,
    // or every base.
    void setClearRangeOnly(bool clearOnly);
    bool clearRangeOnly() const;

    // The current chart to a file, or every folder's chart and the overlay to a folder, with
    // the band and zones as shown. Returns a sentence naming the path on failure.
    std::optional<QString> exportCharts(const ChartExportSettings &settings);

public slots:
    // Asks where and how with the export dialog, then exports and says what it wrote.
    void exportInteractively();

private:
    void showCurrent(bool keepZoom);
    void handleItemChanged();
    QChart *createFolderChart(const SampleResult &result) const;
    QList<SampleResult> checkedSamples() const;
    BaseScope scope() const;
    void updateHoverSamples();
    void handleScopeChanged();

    QList<SampleResult> m_samples;
    QString m_currentName;
    std::optional<ChartExportSettings> m_lastExport;

    QStackedWidget *m_stack = nullptr;
    QLabel *m_emptyLabel = nullptr;
    QListWidget *m_folders = nullptr;
    InteractiveChartView *m_view = nullptr;
    QCheckBox *m_band = nullptr;
    QCheckBox *m_zones = nullptr;
    QCheckBox *m_clearOnly = nullptr;
    QPushButton *m_resetZoom = nullptr;
    QPushButton *m_export = nullptr;
    StatusLabel *m_status = nullptr;
};

} // namespace qc
