import { Link } from 'react-router';
import { Empty } from '../components/States.tsx';
import { useTitle } from '../components/useTitle.ts';

export default function NotFoundPage() {
  useTitle('Not found');
  return (
    <>
      <div className="page-head">
        <h1>Page not found</h1>
      </div>
      <Empty title="Nothing lives at this address">
        <p>
          Go back to the <Link to="/">leaderboard</Link> or search the <Link to="/catalog">catalog</Link>.
        </p>
      </Empty>
    </>
  );
}
