import type { LeaderboardTeam } from '../../api/leaderboard.ts';
import { EntityLink } from '../../components/EntityLink.tsx';
import { GradeBadge } from '../../components/GradeBadge.tsx';
import './leaderboard.css';

export function TeamsTable({ teams }: { teams: LeaderboardTeam[] }) {
  return (
    <div className="table-wrap">
      <table className="table teams-table">
        <caption className="visually-hidden">Teams, ranked by the average score of their services</caption>
        <thead>
          <tr>
            <th scope="col" className="num">Rank</th>
            <th scope="col">Team</th>
            <th scope="col" className="num">Services</th>
            <th scope="col" className="num">F services</th>
            <th scope="col" className="num">Score</th>
            <th scope="col">Grade</th>
          </tr>
        </thead>
        <tbody>
          {teams.map((t) => (
            <tr key={t.ref}>
              <td className="num rank">{t.rank}</td>
              <td><EntityLink entityRef={t.ref} label={t.title || t.name} defaultKind="group" report /></td>
              <td className="num">{t.services}</td>
              <td className="num">{t.fServices ? <span className="count count-danger">{t.fServices}</span> : <span className="muted">0</span>}</td>
              <td className="num">{t.score === null ? <span className="muted">—</span> : t.score.toFixed(1)}</td>
              <td><GradeBadge grade={t.grade} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
