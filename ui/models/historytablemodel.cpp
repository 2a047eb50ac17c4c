#include "historytablemodel.h"

#include <QLocale>

namespace qc {

namespace {

QString folderNames(const RunRecord &run)
{
    QStringList names;
    for (const FolderRecord &folder : run.folders)
        names.append(folder.name);
    return names.join(QStringLiteral(", "));
}

QString folderPaths(const RunRecord &run)
{
    QStringList paths;
    for (const FolderRecord &folder : run.folders)
        paths.append(folder.path);
    return paths.join(u'\n');
}

} // namespace

HistoryTableModel::HistoryTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int HistoryTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int HistoryTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HistoryTableModel::statusText(int exitStatus)
{
    switch (exitStatus) {
    case 0:
        return tr("ok");
    case 1:
        return tr("outputs failed");
    case 3:
        return tr("files rejected");
    default:
        return tr("exit %1").arg(exitStatus);
    }
}

QVariant HistoryTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunRecord &run = m_runs.at(index.row());
    if (role == IdRole)
        return run.id;
    if (role == FilterRole)
        return QString(run.profile + u'\n' + folderPaths(run));
    if (role == Qt::ToolTipRole && index.column() == FoldersColumn)
        return folderPaths(run);
    if (role == Qt::ToolTipRole && index.column() == StatusColumn && !run.errors.isEmpty())
        return run.errors.join(u'\n');
    const bool number =
        index.column() == EnginesColumn || index.column() == WallColumn || index.column() == SpeedupColumn;
    if (role == Qt::TextAlignmentRole && number)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sorting = role == SortRole;
    switch (index.column()) {
    case WhenColumn:
        return sorting
            ? QVariant(run.startedAt)
            : QVariant(QLocale().toString(run.startedAt.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    case SourceColumn:
        return run.source;
    case ProfileColumn:
        return run.profile;
    case ModeColumn:
        return run.mode;
    case EnginesColumn:
        return run.engines;
    case FoldersColumn:
        return sorting ? QVariant(qint64(run.folders.size())) : QVariant(folderNames(run));
    case WallColumn:
        return sorting ? QVariant(run.wallSeconds) : QVariant(QString::number(run.wallSeconds, 'f', 3));
    case SpeedupColumn:
        if (sorting)
            return run.speedup.value_or(0);
        return run.speedup ? QVariant(QString::number(*run.speedup, 'f', 2)) : QVariant();
    case StatusColumn:
        return sorting ? QVariant(run.exitStatus) : QVariant(statusText(run.exitStatus));
    }
    return {};
}

QVariant HistoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case WhenColumn:
        return tr("Started");
    case SourceColumn:
        return tr("From");
    case ProfileColumn:
        return tr("Profile");
    case ModeColumn:
        return tr("Mode");
    case EnginesColumn:
        return tr("Engines");
    case FoldersColumn:
        return tr("Folders");
    case WallColumn:
        return tr("Wall s");
    case SpeedupColumn:
        return tr("Speedup");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

void HistoryTableModel::setRuns(const QList<RunRecord> &runs)
{
    beginResetModel();
    m_runs = runs;
    endResetModel();
}

int HistoryTableModel::rowOf(qint64 id) const
{
    for (int row = 0; row < m_runs.size(); ++row)
        if (m_runs[row].id == id)
            return row;
    return -1;
}

} // namespace qc
