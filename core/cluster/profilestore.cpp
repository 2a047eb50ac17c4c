#include "profilestore.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QThread>

namespace qc {

namespace {

const QString kDefaultName = QStringLiteral("default");
constexpr int kMaxEngines = 256;

} // namespace

ProfileStore::ProfileStore(QString folder)
    : m_folder(folder.isEmpty()
                   ? QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/profiles")
                   : std::move(folder))
{
}

bool ProfileStore::isValidName(const QString &name)
{
    // Names become file names: keep them to a safe alphabet.
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
    return pattern.match(name).hasMatch();
}

int ProfileStore::defaultEngineCount()
{
    return std::max(1, QThread::idealThreadCount());
}

QString ProfileStore::pathOf(const QString &name) const
{
    return m_folder + u'/' + name + QStringLiteral(".json");
}

std::optional<Profile> ProfileStore::find(const QString &name) const
{
    if (!isValidName(name))
        return std::nullopt;
    QFile file(pathOf(name));
    if (file.open(QIODevice::ReadOnly)) {
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        const int engines = json.value(QStringLiteral("engines")).toInt(0);
        if (engines >= 1 && engines <= kMaxEngines)
            return Profile{name, engines};
    }
    if (name == kDefaultName)
        return Profile{kDefaultName, defaultEngineCount()};
    return std::nullopt;
}

QList<Profile> ProfileStore::list() const
{
    QList<Profile> profiles{*find(kDefaultName)};
    const auto files = QDir(m_folder).entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const auto &file : files) {
        if (file.completeBaseName() == kDefaultName)
            continue;
        if (const auto profile = find(file.completeBaseName()))
            profiles.append(*profile);
    }
    return profiles;
}

std::optional<QString> ProfileStore::save(const Profile &profile) const
{
    if (!isValidName(profile.name))
        return QStringLiteral("\"%1\" is not a valid profile name: use letters, digits, '.', '_' and '-'.").arg(profile.name);
    if (profile.engines < 1 || profile.engines > kMaxEngines)
        return QStringLiteral("A profile needs 1 to %1 engines, not %2.").arg(kMaxEngines).arg(profile.engines);
    if (!QDir().mkpath(m_folder))
        return QStringLiteral("Cannot create the profile folder %1.").arg(m_folder);
    QSaveFile file(pathOf(profile.name));
    const QJsonObject json{{QStringLiteral("name"), profile.name}, {QStringLiteral("engines"), profile.engines}};
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(json).toJson()) < 0 || !file.commit())
        return QStringLiteral("Cannot write %1: %2").arg(file.fileName(), file.errorString());
    return std::nullopt;
}

std::optional<QString> ProfileStore::remove(const QString &name) const
{
    if (name == kDefaultName)
        return QStringLiteral("The default profile cannot be deleted.");
    QFile file(pathOf(name));
    if (!isValidName(name) || !file.exists())
        return QStringLiteral("There is no profile called \"%1\".").arg(name);
    if (!file.remove())
        return QStringLiteral("Cannot delete %1: %2").arg(file.fileName(), file.errorString());
    return std::nullopt;
}

} // namespace qc
