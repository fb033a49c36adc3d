"""The appraisal plugin on the core dashboard: its cycles in the period selector, SKP progress
in the head of unit's tree (each a link to the SKP it counts)."""
import re

from plugins.appraisal.tests.scenes import YEAR, approve, chain


def test_head_sees_skp_progress_and_can_pick_the_cycle(app, world, as_user):
    scene = chain(app, world)
    approve(app, scene.skp["pegawai"], scene.skp["pegawai2"])
    kepala = as_user("kepala")
    page = kepala.get("/admin/").get_data(as_text=True)
    assert f'value="appraisal_cycle_{YEAR}"' in page
    # DPMPTSP: the kepala, atasan, pegawai, pegawai2; two of their SKP approved
    row = re.search(r'<tr data-unit="%d">(.*?)</tr>' % world.units["dpm"], page, re.S).group(1)
    link, text = re.search(r'<a href="(/admin/appraisal_skp/[^"]+)">([^<]+)</a>', row).groups()
    assert text.startswith("2 ")
    listed = kepala.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert listed.count('class="col-employee"') == 2
    page = kepala.get(f"/admin/?period=appraisal_cycle_{YEAR}").get_data(as_text=True)
    assert f"{YEAR}-01-01+to+{YEAR}-12-31" in page
