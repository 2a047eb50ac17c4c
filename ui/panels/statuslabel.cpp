#include "statuslabel.h"

namespace qc {

StatusLabel::StatusLabel(const QString &accessibleName, QWidget *parent)
    : QLabel(parent)
{
    setAccessibleName(accessibleName);
}

void StatusLabel::setText(const QString &text)
{
    QLabel::setText(text);
    setAccessibleDescription(text);
}

void StatusLabel::clear()
{
    setText(QString());
}

} // namespace qc
