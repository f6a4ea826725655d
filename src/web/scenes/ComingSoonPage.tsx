import { Empty } from '../components/States.tsx';
import { useTitle } from '../components/useTitle.ts';

export default function ComingSoonPage({ title, what }: { title: string; what: string }) {
  useTitle(title);
  return (
    <>
      <div className="page-head">
        <h1>{title}</h1>
      </div>
      <Empty title="Not built yet">
        <p>This page will show {what}. Until then, the CLI and the API have it.</p>
      </Empty>
    </>
  );
}
