import { Group, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** One titled part of the organisation hub, a region named by its title. */
export function HubSection({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={2} size="h4">{title}</Title>
        {action}
      </Group>
      {children}
    </Paper>
  );
}
