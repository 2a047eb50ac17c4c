#include "qcpanel.h"

#include "charts/chartstyle.h"
#include "charts/qchistogramchart.h"
#include "models/readqctablemodel.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

namespace qc {

namespace {

// A median is whole or ends in .5 (the mean of two whole middles).
QString medianText(double median)
{
    return median == std::floor(median) ? QString::number(qint64(median)) : QString::number(median, 'f', 1);
}

QChartView *makeChartView(const QString &objectName, const QString &accessibleName)
{
    auto *view = new QChartView;
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(260, 240); // narrower, an axis title would be elided
    return view;
}

// QChartView releases its old chart rather than deleting it.
void replaceChart(QChartView *view, QChart *chart)
{
    QChart *old = view->chart();
    view->setChart(chart);
    keepChartReadable(chart); // side by side in a narrow window, the histograms fit their titles and legends
    delete old;
}

} // namespace

QcPanel::QcPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new ReadQcTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    setAccessibleName(tr("Read quality control"));

    m_emptyLabel = new QLabel(tr("Run an analysis to see each read's quality numbers."));
    m_emptyLabel->setObjectName(QStringLiteral("emptyLabel"));
    m_emptyLabel->setAccessibleName(tr("No reads"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setFont(scaledFont(m_emptyLabel->font(), 1.25));
    m_emptyLabel->setForegroundRole(QPalette::PlaceholderText);

    m_folderCombo = new QComboBox;
    m_folderCombo->setObjectName(QStringLiteral("folderCombo"));
    m_folderCombo->setAccessibleName(tr("Folder"));
    m_folderCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_folderCombo->setMinimumContentsLength(12);
    auto *folderLabel = new QLabel(tr("&Folder"));
    folderLabel->setBuddy(m_folderCombo);

    m_minQv20 = new QSpinBox;
    m_minQv20->setObjectName(QStringLiteral("minQv20Spin"));
    m_minQv20->setAccessibleName(tr("Fail reads with QV20+ below"));
    m_minQv20->setToolTip(tr("A read fails when fewer of its bases than this have quality 20 or more."));
    m_minQv20->setRange(0, 100000);
    m_minQv20->setSingleStep(10);
    m_minQv20->setSuffix(tr(" bases"));
    m_minQv20->setValue(kDefaultMinQv20);
    auto *minLabel = new QLabel(tr("Fail reads with QV20+ &below"));
    minLabel->setBuddy(m_minQv20);

    auto *controls = new QHBoxLayout;
    controls->addWidget(folderLabel);
    controls->addWidget(m_folderCombo);
    controls->addStretch(1);
    controls->addWidget(minLabel);
    controls->addWidget(m_minQv20);

    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_summary->setAccessibleName(tr("Folder summary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setFont(scaledFont(font(), 1.15));

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ReadQcTableModel::SortRole);
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("readTable"));
    m_table->setAccessibleName(tr("Reads"));
    m_table->setTabKeyNavigation(
        false); // Tab leaves the table (arrows move between cells), as keyboard users expect of a form.
    m_table->setAccessibleDescription(tr("One row per read; failed reads have a red background. "
                                         "Click a column header to sort."));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder); // file order to start
    m_table->setSortingEnabled(true);

    m_lengthView = makeChartView(QStringLiteral("lengthChartView"), tr("Read length histogram"));
    m_qv20View = makeChartView(QStringLiteral("qv20ChartView"), tr("QV20+ histogram"));
    auto *charts = new QSplitter(Qt::Horizontal);
    charts->addWidget(m_lengthView);
    charts->addWidget(m_qv20View);
    charts->setChildrenCollapsible(false);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->setObjectName(QStringLiteral("qcSplitter"));
    splitter->addWidget(m_table);
    splitter->addWidget(charts);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addLayout(controls);
    contentLayout->addWidget(m_summary);
    contentLayout->addWidget(splitter, 1);

    m_stack = new QStackedWidget;
    m_stack->addWidget(m_emptyLabel);
    m_stack->addWidget(content);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_stack);

    connect(m_folderCombo, &QComboBox::currentIndexChanged, this, &QcPanel::showCurrent);
    connect(m_minQv20, &QSpinBox::valueChanged, this, &QcPanel::handleMinQv20Changed);
    clear();
}

void QcPanel::setRun(const RunResult &run)
{
    const QString previous = currentFolder();
    m_folders.clear();
    for (const SampleResult &result : run.samples) {
        SampleResult kept; // the histograms are the Charts tab's business
        kept.sample = result.sample;
        kept.readSummaries = result.readSummaries;
        m_folders.append(kept);
    }
    if (m_folders.isEmpty()) {
        clear();
        m_emptyLabel->setText(tr("The analysis found no folders with quality files."));
        return;
    }
    int row = 0;
    {
        const QSignalBlocker blocker(m_folderCombo);
        m_folderCombo->clear();
        for (int i = 0; i < m_folders.size(); ++i) {
            const SampleResult &folder = m_folders[i];
            m_folderCombo->addItem(folder.sample.name);
            m_folderCombo->setItemData(i, folder.sample.path, Qt::ToolTipRole);
            if (folder.sample.name == previous)
                row = i;
        }
        m_folderCombo->setCurrentIndex(row);
    }
    m_stack->setCurrentIndex(1);
    showCurrent();
}

void QcPanel::clear()
{
    m_folders.clear();
    m_current = -1;
    {
        const QSignalBlocker blocker(m_folderCombo);
        m_folderCombo->clear();
    }
    m_model->setReads({});
    m_summary->clear();
    replaceChart(m_lengthView, new QChart); // frees the last run's charts now
    replaceChart(m_qv20View, new QChart);
    m_emptyLabel->setText(tr("Run an analysis to see each read's quality numbers."));
    m_stack->setCurrentIndex(0);
}

void QcPanel::showFolder(const QString &name)
{
    const int index = m_folderCombo->findText(name, Qt::MatchExactly);
    if (index >= 0)
        m_folderCombo->setCurrentIndex(index);
}

QString QcPanel::currentFolder() const
{
    return m_current >= 0 ? m_folders[m_current].sample.name : QString();
}

QStringList QcPanel::folders() const
{
    QStringList names;
    for (const SampleResult &folder : m_folders)
        names.append(folder.sample.name);
    return names;
}

int QcPanel::minQv20() const
{
    return m_minQv20->value();
}

void QcPanel::setMinQv20(int minQv20)
{
    m_minQv20->setValue(minQv20); // valueChanged updates the rest
}

QString QcPanel::summaryText() const
{
    return m_summary->text();
}

QChart *QcPanel::lengthChart() const
{
    return m_current >= 0 ? m_lengthView->chart() : nullptr;
}

QChart *QcPanel::qv20Chart() const
{
    return m_current >= 0 ? m_qv20View->chart() : nullptr;
}

QString QcPanel::describe(const QString &folder, const FolderQc &qc)
{
    if (qc.reads == 0)
        return tr("%1: no reads.").arg(folder);
    // Spelled out rather than tr("%n read(s)"): the app ships no translation to resolve plurals.
    const QString reads = qc.reads == 1 ? tr("1 read") : tr("%1 reads").arg(qc.reads);
    const QString failed = qc.failedReads == 0 ? tr("none failed") : tr("%1 failed").arg(qc.failedReads);
    return tr("%1: %2, %3 (QV20+ below %4 bases). Median length %5 bases, median QV20+ %6 bases, "
              "median CRL %7 bases.")
        .arg(folder, reads, failed, QString::number(qc.minQv20), medianText(qc.medianLength), medianText(qc.medianQv20),
             medianText(qc.medianCrl));
}

void QcPanel::showCurrent()
{
    const int index = m_folderCombo->currentIndex();
    if (index < 0 || index >= m_folders.size())
        return;
    m_current = index;
    m_model->setReads(m_folders[index].readSummaries);
    m_table->resizeColumnsToContents();
    handleMinQv20Changed();
}

void QcPanel::handleMinQv20Changed()
{
    m_model->setMinQv20(minQv20());
    if (m_current < 0)
        return;
    const SampleResult &folder = m_folders[m_current];
    m_summary->setText(describe(folder.sample.name, folder.qcSummary(minQv20())));
    updateCharts();
}

void QcPanel::updateCharts()
{
    const SampleResult &folder = m_folders[m_current];
    QList<int> lengths;
    QList<int> qv20s;
    QList<bool> failed;
    for (int row = 0; row < folder.readSummaries.size(); ++row) {
        const ReadQc &qc = folder.readSummaries[row].qc;
        lengths.append(qc.length);
        qv20s.append(qc.qv20);
        failed.append(m_model->isFailed(row)); // the model holds this folder's reads, in order
    }
    const QString failedName = tr("Failed (QV20+ below %1)").arg(minQv20());
    const QString name = folder.sample.name;
    replaceChart(m_lengthView,
                 createReadHistogramChart(binReads(lengths, failed), tr("Read length in %1").arg(name),
                                          tr("Read length (bases)"), failedName));
    replaceChart(m_qv20View,
                 createReadHistogramChart(binReads(qv20s, failed), tr("QV20+ in %1").arg(name), tr("QV20+ (bases)"),
                                          failedName));
}

} // namespace qc
