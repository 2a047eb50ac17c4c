#include "profilelistmodel.h"

namespace qc {

namespace {

const QString kStopped = QStringLiteral("stopped");

} // namespace

ProfileListModel::ProfileListModel(ProfileStore store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(std::move(store))
    , m_profiles(m_store.list())
{
}

int ProfileListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_profiles.size());
}

int ProfileListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProfileListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Profile &profile = m_profiles.at(index.row());
    const bool active = !m_running.isEmpty() && profile.name == m_running;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ProfileColumn: return profile.name;
        case StatusColumn: return active ? m_runningStatus : tr("stopped");
        // A running cluster may have been resized: it shows what runs, not what was saved.
        case EnginesColumn: return active ? m_runningEngines : profile.engines;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == EnginesColumn)
            return active ? tr("%1 engines run now; the profile asks for %2.").arg(m_runningEngines).arg(profile.engines)
                          : tr("The profile asks for %1 engines.").arg(profile.engines);
        return {};
    case Qt::TextAlignmentRole:
        return QVariant((index.column() == EnginesColumn ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant ProfileListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::TextAlignmentRole)
        return QVariant((section == EnginesColumn ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ProfileColumn: return tr("Profile");
    case StatusColumn: return tr("Status");
    case EnginesColumn: return tr("Engines");
    }
    return {};
}

void ProfileListModel::reload()
{
    beginResetModel();
    m_profiles = m_store.list();
    endResetModel();
}

void ProfileListModel::setRunning(const QString &profile, const QString &status, int engines)
{
    const int before = rowOf(m_running);
    if (status == kStopped || profile.isEmpty()) {
        if (profile != m_running && !profile.isEmpty())
            return; // that profile was not running: whichever is keeps its status
        m_running.clear();
        m_runningStatus.clear();
        m_runningEngines = 0;
    } else {
        m_running = profile;
        m_runningStatus = status;
        m_runningEngines = engines;
    }
    const int after = rowOf(profile);
    emitRowChanged(before);
    if (after != before)
        emitRowChanged(after);
}

void ProfileListModel::emitRowChanged(int row)
{
    if (row >= 0)
        emit dataChanged(index(row, StatusColumn), index(row, EnginesColumn));
}

Profile ProfileListModel::profileAt(int row) const
{
    return row >= 0 && row < m_profiles.size() ? m_profiles.at(row) : Profile{};
}

int ProfileListModel::rowOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_profiles.size(); ++i)
        if (m_profiles.at(i).name == name)
            return int(i);
    return -1;
}

} // namespace qc
