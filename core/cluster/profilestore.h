// Cluster profiles (a name and an engine count), stored as JSON files in the user's config folder.
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace qc {

struct Profile
{
    QString name;
    int engines = 1;
};

class ProfileStore
{
public:
    // `folder` defaults to <AppConfigLocation>/profiles.
    explicit ProfileStore(QString folder = {});

    static bool isValidName(const QString &name);
    static int defaultEngineCount();

    // Always holds "default" (engines = number of cores), whether or not it was ever saved.
    QList<Profile> list() const;
    std::optional<Profile> find(const QString &name) const;
    // Return a sentence saying what failed, if anything.
    std::optional<QString> save(const Profile &profile) const;
    std::optional<QString> remove(const QString &name) const;
    QString folder() const { return m_folder; }

private:
    QString pathOf(const QString &name) const;
    QString m_folder;
};

} // namespace qc
