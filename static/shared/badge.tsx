import type { ReactNode } from 'react';
import { token } from '@atlaskit/tokens';

/**
 * A status badge with @atlaskit/lozenge's look. Lozenge 17 pulls the emotion build of
 * @atlaskit/primitives' Pressable into every bundle (about 15 KiB gzip, a tenth of an app's
 * budget) for a label that is never pressed, so the apps use this instead.
 */
export type BadgeAppearance = 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success';

type TokenName = Parameters<typeof token>[0];
type Colours = { background: TokenName; backgroundFallback: string; text: TokenName; textFallback: string };

const SUBTLE: Record<BadgeAppearance, Colours> = {
  default: { background: 'color.background.neutral', backgroundFallback: '#091E420F', text: 'color.text.subtle', textFallback: '#44546F' },
  inprogress: {
    background: 'color.background.information',
    backgroundFallback: '#E9F2FF',
    text: 'color.text.information',
    textFallback: '#0055CC',
  },
  moved: { background: 'color.background.warning', backgroundFallback: '#FFF7D6', text: 'color.text.warning', textFallback: '#A54800' },
  new: { background: 'color.background.discovery', backgroundFallback: '#F3F0FF', text: 'color.text.discovery', textFallback: '#5E4DB2' },
  removed: { background: 'color.background.danger', backgroundFallback: '#FFECEB', text: 'color.text.danger', textFallback: '#AE2E24' },
  success: { background: 'color.background.success', backgroundFallback: '#DCFFF1', text: 'color.text.success', textFallback: '#216E4E' },
};

const BOLD: Record<BadgeAppearance, Colours> = {
  default: {
    background: 'color.background.neutral.bold',
    backgroundFallback: '#44546F',
    text: 'color.text.inverse',
    textFallback: '#FFFFFF',
  },
  inprogress: {
    background: 'color.background.information.bold',
    backgroundFallback: '#0C66E4',
    text: 'color.text.inverse',
    textFallback: '#FFFFFF',
  },
  moved: {
    background: 'color.background.warning.bold',
    backgroundFallback: '#F5CD47',
    text: 'color.text.warning.inverse',
    textFallback: '#172B4D',
  },
  new: {
    background: 'color.background.discovery.bold',
    backgroundFallback: '#6E5DC6',
    text: 'color.text.inverse',
    textFallback: '#FFFFFF',
  },
  removed: {
    background: 'color.background.danger.bold',
    backgroundFallback: '#C9372C',
    text: 'color.text.inverse',
    textFallback: '#FFFFFF',
  },
  success: {
    background: 'color.background.success.bold',
    backgroundFallback: '#1F845A',
    text: 'color.text.inverse',
    textFallback: '#FFFFFF',
  },
};

export function Badge({
  appearance = 'default',
  isBold = false,
  children,
  testId,
}: {
  appearance?: BadgeAppearance;
  isBold?: boolean;
  children: ReactNode;
  testId?: string;
}) {
  const colours = (isBold ? BOLD : SUBTLE)[appearance];
  return (
    <span
      data-testid={testId}
      style={{
        display: 'inline-block',
        maxWidth: '200px',
        padding: '0 4px',
        borderRadius: '3px',
        backgroundColor: token(colours.background, colours.backgroundFallback),
        color: token(colours.text, colours.textFallback),
        fontSize: '11px',
        fontWeight: 700,
        lineHeight: '16px',
        textTransform: 'uppercase',
        whiteSpace: 'nowrap',
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        verticalAlign: 'middle',
      }}
    >
      {children}
    </span>
  );
}
