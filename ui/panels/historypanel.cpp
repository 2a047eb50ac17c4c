#include "historypanel.h"

#include "models/historytablemodel.h"
#include "runcomparisonview.h"
#include "statuslabel.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace qc {

HistoryPanel::HistoryPanel(const QString &databasePath, QWidget *parent)
    : QWidget(parent)
    , m_history(std::make_unique<HistoryDb>(databasePath))
    , m_model(new HistoryTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit)
    , m_view(new QTableView)
    , m_open(new QPushButton(tr("&Open")))
    , m_compare(new QPushButton(tr("Co&mpare")))
    , m_delete(new QPushButton(tr("&Delete")))
    , m_status(new StatusLabel(tr("History status")))
    , m_splitter(new QSplitter(Qt::Vertical))
    , m_comparison(new RunComparisonView)
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(HistoryTableModel::SortRole);
    m_proxy->setFilterRole(HistoryTableModel::FilterRole);
    m_proxy->setFilterKeyColumn(0);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter->setPlaceholderText(tr("Filter by folder or profile"));
    m_filter->setAccessibleName(tr("Filter runs by folder or profile"));
    m_filter->setClearButtonEnabled(true);
    m_open->setAccessibleName(tr("Open the selected run"));
    m_open->setToolTip(tr("Show the run's charts, QC and timing as they were, without recomputing"));
    m_compare->setAccessibleName(tr("Compare the two selected runs"));
    m_delete->setAccessibleName(tr("Delete the selected runs from the history"));

    m_view->setModel(m_proxy);
    m_view->setAccessibleName(tr("Recorded runs"));
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(HistoryTableModel::WhenColumn, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setTabKeyNavigation(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_status->setWordWrap(true);
    m_comparison->hide(); // until two runs are compared

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_filter, 1);
    controls->addWidget(m_open);
    controls->addWidget(m_compare);
    controls->addWidget(m_delete);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_comparison);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_status);
    layout->addWidget(m_splitter, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_open, &QPushButton::clicked, this, &HistoryPanel::openSelected);
    connect(m_compare, &QPushButton::clicked, this, &HistoryPanel::compareSelected);
    connect(m_delete, &QPushButton::clicked, this, &HistoryPanel::deleteSelected);
    connect(m_view, &QTableView::doubleClicked, this, &HistoryPanel::openSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &HistoryPanel::updateButtons);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &HistoryPanel::updateButtons);
    refresh();
}

HistoryPanel::~HistoryPanel() = default;

QString HistoryPanel::statusText() const
{
    return m_status->text();
}

void HistoryPanel::say(const QString &message)
{
    m_status->setText(message);
    emit messageOccurred(message);
}

void HistoryPanel::refresh()
{
    if (!m_history->isOpen()) {
        const bool opened = m_history->open();
        if (!m_history->notice().isEmpty())
            say(m_history->notice());
        if (!opened) {
            m_model->setRuns({});
            say(m_history->errorString());
            return;
        }
    }
    const auto runs = m_history->list();
    if (!runs) {
        say(m_history->errorString());
        return;
    }
    m_model->setRuns(*runs);
    m_view->resizeColumnsToContents();
    m_status->setToolTip(m_history->path());
    if (runs->isEmpty())
        m_status->setText(tr("No run is recorded yet: each analysis is, when it finishes."));
    else if (m_status->text().isEmpty() || m_status->text().startsWith(tr("No run is recorded")))
        m_status->setText(runs->size() == 1 ? tr("1 run recorded.") : tr("%1 runs recorded.").arg(runs->size()));
}

QList<int> HistoryPanel::selectedRows() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        rows.append(m_proxy->mapToSource(index).row());
    return rows;
}

void HistoryPanel::selectRuns(const QList<qint64> &ids)
{
    m_view->clearSelection();
    for (qint64 id : ids) {
        const int row = m_model->rowOf(id);
        if (row >= 0)
            m_view->selectionModel()->select(m_proxy->mapFromSource(m_model->index(row, 0)),
                                             QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
}

void HistoryPanel::updateButtons()
{
    const qsizetype selected = m_view->selectionModel()->selectedRows().size();
    m_open->setEnabled(selected == 1);
    m_compare->setEnabled(selected == 2);
    m_delete->setEnabled(selected > 0);
}

void HistoryPanel::openSelected()
{
    const QList<int> rows = selectedRows();
    if (rows.size() != 1)
        return;
    const RunRecord record = m_model->run(rows.first());
    const auto run = m_history->load(record.id);
    if (!run) {
        say(m_history->errorString());
        return;
    }
    QStringList gone;
    for (const FolderRecord &folder : record.folders)
        if (!QFileInfo(folder.path).isDir())
            gone.append(folder.path);
    m_status->setText(gone.isEmpty() ? tr("Run %1 is open in the Charts, QC and Timing tabs.").arg(record.id)
                                     : tr("Run %1 is open; these folders no longer exist, their results are as "
                                          "recorded: %2.")
                                           .arg(record.id)
                                           .arg(gone.join(QStringLiteral(", "))));
    emit runOpened(*run, record);
}

void HistoryPanel::compareSelected()
{
    QList<int> rows = selectedRows();
    if (rows.size() != 2)
        return;
    // The older run is A: the chart shows how the newer one differs from it.
    if (m_model->run(rows[0]).startedAt > m_model->run(rows[1]).startedAt)
        std::swap(rows[0], rows[1]);
    const RunRecord a = m_model->run(rows[0]);
    const RunRecord b = m_model->run(rows[1]);
    const auto resultA = m_history->load(a.id);
    const auto resultB = resultA ? m_history->load(b.id) : std::nullopt;
    if (!resultB) {
        say(m_history->errorString());
        return;
    }
    m_comparison->compare(a, *resultA, b, *resultB);
    m_comparison->show();
    m_status->setText(m_comparison->summary());
}

void HistoryPanel::deleteSelected()
{
    QList<qint64> ids;
    for (int row : selectedRows())
        ids.append(m_model->run(row).id);
    int deleted = 0;
    QString failure;
    for (qint64 id : std::as_const(ids)) {
        if (!m_history->remove(id)) {
            failure = m_history->errorString();
            break;
        }
        ++deleted;
    }
    m_comparison->hide();
    m_comparison->clear();
    refresh();
    if (failure.isEmpty())
        m_status->setText(deleted == 1 ? tr("Deleted 1 run from the history.")
                                       : tr("Deleted %1 runs from the history.").arg(deleted));
    else
        say(failure);
}

} // namespace qc
