import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A password field whose "show password" button is in the Tab order, named for screen readers and
 * pressed with Space or Enter: Mantine's own is left to the mouse (out of the Tab order, hidden
 * from screen readers), and checking a typed password matters as much to those who cannot point.
 */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <PasswordInput
      {...props}
      visible={visible}
      onVisibilityChange={setVisible}
      visibilityToggleButtonProps={{
        tabIndex: 0,
        'aria-label': t('common.showPassword'),
        onKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => {
          if (event.key !== 'Enter') return;
          // Enter would send the form; on this button it shows or hides the password, as Space does.
          event.preventDefault();
          setVisible((shown) => !shown);
        },
      }}
    />
  );
}
