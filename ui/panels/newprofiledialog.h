// Creates or edits a cluster profile: where its engines run (here, as Slurm jobs, over ssh), how
// they reach the controller and their files; checked as it is typed, with a preview of what Start runs.
#pragma once

#include "cluster/profilestore.h"

#include <QDialog>
#include <QString>
#include <QStringList>

#include <optional>

class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace qc {

class NewProfileDialog : public QDialog
{
    Q_OBJECT

public:
    // Saves into `store` when accepted; a new profile cannot take a name saved there.
    explicit NewProfileDialog(ProfileStore store, QWidget *parent = nullptr);

    // Fills the fields from `profile`; when `editing`, its name stays and the saved one is replaced.
    void setProfile(const Profile &profile, bool editing = false);
    bool isEditing() const { return m_editing; }
    // The profile the fields describe; only the chosen launcher's settings are kept.
    Profile profile() const;
    // What is wrong with it, in a sentence (shown under the fields; OK waits until there is nothing).
    std::optional<QString> problem() const;
    // What Start would run or submit for this profile, as LocalCluster::launchScript gives it.
    QString launchScript() const;

public slots:
    // Opens (or brings up) a read-only view of launchScript(), kept up to date while it is open.
    void showLaunchScript();
    void accept() override;

signals:
    void profileSaved(const qc::Profile &profile);

private:
    void handleLauncherChanged();
    void handleChanged();
    void refreshScript();
    QString launcher() const;

    ProfileStore m_store;
    bool m_editing = false;
    QStringList m_takenNames; // saved profiles ("default" always), as setProfile() found them
    QLineEdit *m_name = nullptr;
    QSpinBox *m_engines = nullptr;
    QComboBox *m_launcher = nullptr;
    QGroupBox *m_slurmBox = nullptr;
    QLineEdit *m_partition = nullptr;
    QLineEdit *m_time = nullptr;
    QLineEdit *m_account = nullptr;
    QLineEdit *m_sbatchArgs = nullptr;
    QGroupBox *m_sshBox = nullptr;
    QLineEdit *m_hosts = nullptr;
    QLineEdit *m_sshArgs = nullptr;
    QGroupBox *m_remoteBox = nullptr;
    QLineEdit *m_engineCommand = nullptr;
    QLineEdit *m_listen = nullptr;
    QRadioButton *m_sentWithTasks = nullptr;
    QRadioButton *m_sharedFs = nullptr;
    QLineEdit *m_pathMap = nullptr;
    QLabel *m_problem = nullptr;
    QPushButton *m_showScript = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QDialog *m_scriptDialog = nullptr;
    QLabel *m_scriptNote = nullptr;
    QPlainTextEdit *m_script = nullptr;
};

} // namespace qc
