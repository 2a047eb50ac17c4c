#include "chartspanel.h"
#include "statuslabel.h"

#include "charts/chartexport.h"
#include "charts/interactivechartview.h"
#include "charts/qualitybands.h"
#include "charts/qualitychart.h"

#include <QChart>
#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace qc {

namespace {

const QString kOverlayName = QStringLiteral("overlay");
constexpr int kOverlayRow = -1; // the item data of the overlay entry; folders hold their index
constexpr int kFolderListWidth = 160;

std::optional<QString> saveChart(QChart *chart, const QString &path, const ChartExportSettings &settings)
{
    if (settings.format == ChartExportSettings::Format::Svg)
        return saveChartSvg(chart, path, settings.size);
    return saveChartImage(chart, path, settings.size, settings.dpi);
}

// The band and the hover statistics read result.histogram; this copy holds the clear-range
// counts there, so they describe what the chart plots.
SampleResult withClearHistogram(SampleResult result)
{
    result.histogram = result.clearHistogram;
    return result;
}

} // namespace

ChartsPanel::ChartsPanel(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Quality charts"));

    m_emptyLabel = new QLabel(tr("Run an analysis to see quality charts."));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setObjectName(QStringLiteral("emptyLabel"));
    m_emptyLabel->setAccessibleName(tr("No charts"));
    QFont emptyFont = m_emptyLabel->font();
    emptyFont.setPointSizeF(emptyFont.pointSizeF() * 1.25);
    m_emptyLabel->setFont(emptyFont);
    m_emptyLabel->setForegroundRole(QPalette::PlaceholderText);

    m_folders = new QListWidget;
    m_folders->setObjectName(QStringLiteral("folderList"));
    m_folders->setAccessibleName(tr("Folders"));
    m_folders->setAccessibleDescription(
        tr("Select a folder to chart it; check folders to include them in the overlay."));
    m_folders->setMinimumWidth(kFolderListWidth);
    auto *foldersLabel = new QLabel(tr("&Folders"));
    foldersLabel->setBuddy(m_folders);
    m_band = new QCheckBox(tr("&Interquartile band"));
    m_band->setChecked(true);
    m_band->setObjectName(QStringLiteral("bandCheck"));
    m_band->setAccessibleName(tr("Show the interquartile band"));
    m_band->setToolTip(tr("Shade the middle half of the values at each position, with dashed "
                          "lines at the 10th and 90th percentiles. Applies to single-folder charts."));
    m_zones = new QCheckBox(tr("&Quality zones"));
    m_zones->setChecked(true);
    m_zones->setObjectName(QStringLiteral("zonesCheck"));
    m_zones->setAccessibleName(tr("Show quality zones"));
    m_zones->setToolTip(tr("Colour the background red below 20, orange from 20 to 28 and green "
                           "above, as FastQC does. Applies to single-folder charts."));
    m_clearOnly = new QCheckBox(tr("Clear range &only"));
    m_clearOnly->setObjectName(QStringLiteral("clearRangeCheck"));
    m_clearOnly->setAccessibleName(tr("Plot only the clear range"));
    m_clearOnly->setToolTip(tr("Plot only the bases inside each read's clear range (modified Mott "
                               "trimming), at their positions in the whole read. Applies to every "
                               "chart, the overlay and exports."));
    m_resetZoom = new QPushButton(tr("&Reset Zoom"));
    m_resetZoom->setObjectName(QStringLiteral("resetZoomButton"));
    m_resetZoom->setAccessibleName(tr("Reset zoom"));
    m_export = new QPushButton(tr("&Export…"));
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_export->setAccessibleName(tr("Export charts"));

    // What to chart and how, in a column under the folders: each option keeps its whole label
    // however narrow the window, and the chart keeps the width.
    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(foldersLabel);
    leftLayout->addWidget(m_folders, 1);
    leftLayout->addWidget(m_band);
    leftLayout->addWidget(m_zones);
    leftLayout->addWidget(m_clearOnly);

    m_view = new InteractiveChartView;
    m_view->setObjectName(QStringLiteral("chartView"));
    m_view->setAccessibleName(tr("Quality chart"));
    m_view->setAccessibleDescription(tr("Mouse wheel or plus and minus keys zoom, dragging or the "
                                        "arrow keys pan, double-click or Home resets."));
    // Below this a chart cannot fit its title, ticks and legend however it shrinks them.
    m_view->setMinimumSize(320, 400);
    m_status = new StatusLabel(tr("Chart status"));
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse); // paths can be copied
    m_status->setWordWrap(true); // a long path wraps rather than widening the window

    auto *actions = new QHBoxLayout;
    actions->addWidget(m_status, 1);
    actions->addWidget(m_resetZoom);
    actions->addWidget(m_export);
    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_view, 1);
    rightLayout->addLayout(actions);

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({200, 1000});
    splitter->setChildrenCollapsible(false);

    m_stack = new QStackedWidget;
    m_stack->addWidget(m_emptyLabel);
    m_stack->addWidget(splitter);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_stack);

    connect(m_folders, &QListWidget::currentRowChanged, this, [this] { showCurrent(false); });
    connect(m_folders, &QListWidget::itemChanged, this, &ChartsPanel::handleItemChanged);
    connect(m_band, &QCheckBox::toggled, this, [this] { showCurrent(true); });
    connect(m_zones, &QCheckBox::toggled, this, [this] { showCurrent(true); });
    connect(m_clearOnly, &QCheckBox::toggled, this, &ChartsPanel::handleScopeChanged);
    connect(m_resetZoom, &QPushButton::clicked, m_view, &InteractiveChartView::resetZoom);
    connect(m_export, &QPushButton::clicked, this, &ChartsPanel::exportInteractively);
    clear();
}

void ChartsPanel::setRun(const RunResult &run)
{
    const QString previous = m_currentName;
    m_samples = run.samples;
    updateHoverSamples();
    int row = m_samples.isEmpty() ? 0 : 1;
    {
        const QSignalBlocker blocker(m_folders);
        m_folders->clear();
        auto *overlay = new QListWidgetItem(tr("Overlay of checked folders"), m_folders);
        overlay->setData(Qt::UserRole, kOverlayRow);
        overlay->setToolTip(tr("Every checked folder in one chart, one colour per treatment."));
        QFont bold = overlay->font();
        bold.setBold(true);
        overlay->setFont(bold);
        for (int i = 0; i < m_samples.size(); ++i) {
            const SampleResult &result = m_samples[i];
            auto *item = new QListWidgetItem(result.sample.name, m_folders);
            item->setData(Qt::UserRole, i);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Checked);
            item->setToolTip(tr("%1: %2 reads, %3 bases.").arg(result.sample.name).arg(result.reads).arg(result.bases));
            if (result.sample.name == previous)
                row = i + 1;
        }
        if (previous == kOverlayName)
            row = 0;
        m_folders->setCurrentRow(row);
    }
    // Wide enough for the longest name, the bold overlay entry included, beside a scroll bar.
    m_folders->setMinimumWidth(std::max(kFolderListWidth,
                                        m_folders->sizeHintForColumn(0) + 2 * m_folders->frameWidth()
                                            + m_folders->verticalScrollBar()->sizeHint().width()));
    if (m_samples.isEmpty()) {
        clear();
        m_emptyLabel->setText(tr("The analysis found no folders with quality files."));
        return;
    }
    m_stack->setCurrentIndex(1);
    showCurrent(false);
}

void ChartsPanel::clear()
{
    m_samples.clear();
    m_currentName.clear();
    {
        const QSignalBlocker blocker(m_folders);
        m_folders->clear();
    }
    m_view->setSamples({});
    m_view->showChart(new QChart); // frees the last run's chart now rather than at the next run
    m_status->clear();
    m_emptyLabel->setText(tr("Run an analysis to see quality charts."));
    m_stack->setCurrentIndex(0);
}

QChart *ChartsPanel::currentChart() const
{
    return m_currentName.isEmpty() ? nullptr : m_view->chart();
}

QString ChartsPanel::currentName() const
{
    return m_currentName;
}

int ChartsPanel::folderCount() const
{
    return int(m_samples.size());
}

void ChartsPanel::showFolder(const QString &name)
{
    for (int row = 1; row < m_folders->count(); ++row) {
        if (m_folders->item(row)->text() == name) {
            m_folders->setCurrentRow(row);
            return;
        }
    }
}

void ChartsPanel::showOverlay()
{
    if (m_folders->count() > 0)
        m_folders->setCurrentRow(0);
}

std::optional<QString> ChartsPanel::exportCharts(const ChartExportSettings &settings)
{
    const QString native = QDir::toNativeSeparators(settings.path);
    if (m_samples.isEmpty() || settings.path.isEmpty())
        return tr("Cannot export charts to %1: there are no charts to export.").arg(native);

    if (settings.scope == ChartExportSettings::Scope::CurrentChart) {
        QString path = settings.path;
        if (QFileInfo(path).suffix().isEmpty())
            path += u'.' + settings.suffix();
        return saveChart(currentChart(), path, settings);
    }

    if (!QDir().mkpath(settings.path))
        return tr("Cannot create the folder %1.").arg(native);
    const QDir dir(settings.path);
    for (const SampleResult &result : std::as_const(m_samples)) {
        if (result.sample.name == kOverlayName)
            return tr("Cannot export charts to %1: a folder named %2 would overwrite the overlay chart.")
                .arg(native, kOverlayName);
    }
    const auto fileFor = [&](const QString &name) { return dir.filePath(name + u'.' + settings.suffix()); };
    for (const SampleResult &result : std::as_const(m_samples)) {
        const std::unique_ptr<QChart> chart(createFolderChart(result));
        if (auto error = saveChart(chart.get(), fileFor(result.sample.name), settings))
            return error;
    }
    const std::unique_ptr<QChart> overlay(createOverlayChart(checkedSamples(), scope()));
    return saveChart(overlay.get(), fileFor(kOverlayName), settings);
}

void ChartsPanel::showCurrent(bool keepZoom)
{
    const QListWidgetItem *item = m_folders->currentItem();
    if (!item || m_samples.isEmpty())
        return;
    const int index = item->data(Qt::UserRole).toInt();
    const bool overlay = index == kOverlayRow || index >= m_samples.size();
    if (overlay) {
        const QList<SampleResult> checked = checkedSamples();
        m_currentName = kOverlayName;
        m_view->showChart(createOverlayChart(checked, scope()), keepZoom);
        m_status->setText(checked.isEmpty() ? tr("Check folders in the list to overlay them.")
                                            : tr("Wheel to zoom, drag to pan, double-click to reset."));
    } else {
        m_currentName = m_samples[index].sample.name;
        m_view->showChart(createFolderChart(m_samples[index]), keepZoom);
        m_status->setText(tr("Wheel to zoom, drag to pan, double-click to reset."));
    }
    // The band and zones describe one folder's values; the overlay compares means only.
    m_band->setEnabled(!overlay);
    m_zones->setEnabled(!overlay);
}

void ChartsPanel::handleItemChanged()
{
    // Checks only change the overlay; a folder's own chart does not depend on them.
    if (m_currentName == kOverlayName)
        showCurrent(true);
}

void ChartsPanel::exportInteractively()
{
    if (m_samples.isEmpty())
        return;
    ExportDialog dialog(m_currentName, this);
    if (m_lastExport) {
        // The same choices as last time, with this chart's name in the last folder.
        ChartExportSettings settings = *m_lastExport;
        if (settings.scope == ChartExportSettings::Scope::CurrentChart)
            settings.path = QFileInfo(settings.path).dir().filePath(m_currentName + u'.' + settings.suffix());
        dialog.setSettings(settings);
    }
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ChartExportSettings settings = dialog.settings();
    m_lastExport = settings;
    const std::optional<QString> error = exportCharts(settings);
    m_status->setText(error ? *error : tr("Saved to %1.").arg(QDir::toNativeSeparators(settings.path)));
}

QChart *ChartsPanel::createFolderChart(const SampleResult &result) const
{
    QChart *chart = createMeanQualityChart(result, scope());
    if (m_zones->isChecked())
        addQualityZones(chart);
    if (m_band->isChecked())
        addInterquartileBand(chart, scope() == BaseScope::ClearRange ? withClearHistogram(result) : result);
    return chart;
}

void ChartsPanel::setClearRangeOnly(bool clearOnly)
{
    m_clearOnly->setChecked(clearOnly);
}

bool ChartsPanel::clearRangeOnly() const
{
    return m_clearOnly->isChecked();
}

BaseScope ChartsPanel::scope() const
{
    return m_clearOnly->isChecked() ? BaseScope::ClearRange : BaseScope::WholeRead;
}

void ChartsPanel::updateHoverSamples()
{
    QList<SampleResult> hovered = m_samples;
    if (scope() == BaseScope::ClearRange) {
        for (SampleResult &result : hovered)
            result = withClearHistogram(result);
    }
    m_view->setSamples(hovered);
}

void ChartsPanel::handleScopeChanged()
{
    updateHoverSamples();
    // Other positions and means: the zoom of the other scope would not fit.
    showCurrent(false);
}

QList<SampleResult> ChartsPanel::checkedSamples() const
{
    QList<SampleResult> checked;
    for (int row = 1; row < m_folders->count(); ++row) {
        const QListWidgetItem *item = m_folders->item(row);
        const int index = item->data(Qt::UserRole).toInt();
        if (item->checkState() == Qt::Checked && index >= 0 && index < m_samples.size())
            checked.append(m_samples[index]);
    }
    return checked;
}

} // namespace qc
